package org.voxtile.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.voxtile.network.PipelineFile;
import org.voxtile.network.PipelineSpec;
import org.voxtile.network.Pipeline;
import org.voxtile.network.Weights;

/**
 * The Spark job: validates everything on the driver from headers (output directory rules, the
 * pipeline, weights, every scan's inputs and plan) before any task starts, then runs the scans
 * one after the other, each as one Spark job of one task per tile, and writes
 * {@code features.parquet}, {@code report.json} and finally {@code _SUCCESS}.
 *
 * <pre>{@code
 * SparkSession spark = SparkSession.builder().master("local[*]").getOrCreate();
 * VoxtileJob.Result result = VoxtileJob.run(spark, RunPlan.single(pipeline,
 *     new Scan("scan", Map.of("t1", t1, "t2", t2)), Path.of("out")), System.err);
 * }</pre>
 */
public final class VoxtileJob {
  /**
   * @param report the contents of report.json
   * @param features the features table, registered as the view {@value FeatureTable#VIEW}, when
   *     the pipeline asks for features
   */
  public record Result(Map<String, Object> report, Optional<Dataset<Row>> features) {}

  private VoxtileJob() {}

  /**
   * Runs {@code plan}. On failure the output directory holds no {@code _SUCCESS} and no file
   * under a final name that this run had not finished.
   *
   * @param progress where one line per finished scan goes
   * @throws org.voxtile.VoxtileException for anything the user must fix, before any task runs
   */
  public static Result run(SparkSession spark, RunPlan plan, PrintStream progress) {
    long start = System.nanoTime();
    HeapPeak.reset();
    PipelineSpec spec = PipelineFile.read(plan.pipeline());
    Optional<Weights> weights = Pipeline.weightsFile(spec, plan.weights()).map(Weights::read);
    List<PreparedScan> scans = new ArrayList<>();
    for (Scan scan : plan.scans()) {
      scans.add(PreparedScan.prepare(scan, spec, weights, plan, spark.sparkContext().defaultParallelism()));
    }
    OutputDirectory.prepare(plan.output(), plan.overwrite());
    plan.saveWeights().ifPresent(file -> Pipeline.saveWeights(scans.get(0).built(), file));
    double validateSeconds = ScanRun.seconds(System.nanoTime() - start);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Path work = plan.output().resolve(OutputDirectory.TEMPORARY);
    try {
      List<Object> scanReports = new ArrayList<>();
      List<FeatureRow> features = new ArrayList<>();
      for (int i = 0; i < scans.size(); i++) {
        PreparedScan scan = scans.get(i);
        long scanStart = System.nanoTime();
        ScanRun.Outcome outcome = ScanRun.run(jsc, scan, work.resolve(scan.scan().id()), plan.splitChannels());
        Path dir = plan.scanDirectory(scan.scan());
        if (plan.preview()) {
          outcome.staged().add(Preview.write(scan, outcome.staged(), work.resolve(scan.scan().id())));
        }
        outcome.staged().forEach(file -> OutputDirectory.moveInto(file, dir));
        if (plan.batch()) {
          OutputDirectory.writeAtomically(dir.resolve("report.json"), Json.write(outcome.report()));
          OutputDirectory.writeAtomically(dir.resolve(OutputDirectory.SUCCESS), "");
        }
        scanReports.add(outcome.report());
        features.addAll(outcome.features());
        progress.printf("voxtile: scan %s done (%d/%d): %d tiles in %.1f s -> %s%n", scan.scan().id(), i + 1,
            scans.size(), scan.plan().tiles().size(), (System.nanoTime() - scanStart) / 1e9, dir);
      }
      Optional<Dataset<Row>> table = Optional.empty();
      long tableStart = System.nanoTime();
      if (spec.features().isPresent()) {
        Path staged = work.resolve("features.parquet");
        FeatureTable.write(spark, features, staged);
        table = Optional.of(FeatureTable.register(spark, OutputDirectory.moveInto(staged, plan.output())));
      }
      Map<String, Object> report = report(spark, plan, spec, scans, scanReports, validateSeconds, start);
      report.put("features_table_s", ScanRun.seconds(System.nanoTime() - tableStart));
      OutputDirectory.writeAtomically(plan.output().resolve("report.json"), Json.write(report));
      OutputDirectory.deleteRecursively(work);
      OutputDirectory.writeAtomically(plan.output().resolve(OutputDirectory.SUCCESS), "");
      return new Result(report, table);
    } catch (RuntimeException e) {
      OutputDirectory.deleteRecursively(work);
      throw e;
    }
  }

  private static Map<String, Object> report(SparkSession spark, RunPlan plan, PipelineSpec spec,
      List<PreparedScan> scans, List<Object> scanReports, double validateSeconds, long start) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("pipeline", plan.pipeline().toString());
    report.put("pipeline_name", spec.name());
    report.put("spark", Map.of("master", spark.sparkContext().master(),
        "application_id", spark.sparkContext().applicationId(),
        "default_parallelism", spark.sparkContext().defaultParallelism()));
    report.put("scans", scans.size());
    if (scanReports.size() == 1 && !plan.batch()) {
      report.putAll(castMap(scanReports.get(0)));
    } else {
      report.put("tiles", scans.stream().mapToInt(s -> s.plan().tiles().size()).sum());
      report.put("per_scan", scanReports);
    }
    String master = spark.sparkContext().master();
    report.put("driver_memory", Map.of("heap_peak", HeapPeak.bytes(), "heap_max", HeapPeak.maxBytes(),
        "shared_with_executors", master.startsWith("local")));
    report.put("validate_s", validateSeconds);
    report.put("total_s", ScanRun.seconds(System.nanoTime() - start));
    return report;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
