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
import org.voxtile.network.Pipeline;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.weights.Weights;
import org.voxtile.spark.output.DoneMarker;
import org.voxtile.spark.output.FeatureRow;
import org.voxtile.spark.output.Json;
import org.voxtile.spark.output.OutputDirectory;
import org.voxtile.spark.output.OutputLock;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.spark.stitch.Preview;
import org.voxtile.storage.Location;

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
    return run(spark, plan, false, progress);
  }

  /**
   * Checks {@code plan} as {@link #run} does before any task, without Spark and without touching
   * the output directory, so a command line can refuse mistakes before starting Spark.
   *
   * @param resume whether {@code --resume} is asked (finished scans' markers must match)
   * @throws org.voxtile.VoxtileException for anything the user must fix
   */
  public static void validate(RunPlan plan, boolean resume) {
    PipelineSpec spec = Pipeline.read(plan.pipeline());
    Optional<Path> weightsFile = Pipeline.weightsFile(spec, plan.weights());
    Optional<Weights> weights = weightsFile.map(Weights::read);
    for (Scan scan : plan.scans()) {
      OutputPlacement.check(plan.output(), scan);
      PreparedScan.prepare(scan, spec, weights, plan, 1);
    }
    OutputDirectory.check(plan.output(), plan.overwrite() || resume);
    OutputLock.check(plan.output());
    if (resume) {
      Resume.finished(plan, weightsFile);
    }
  }

  /**
   * Runs {@code plan}; with {@code resume}, a batch skips the scans whose done marker
   * ({@code DIR/<scan id>/_SUCCESS}) records the same fingerprint (see {@link DoneMarker}) and
   * computes the others. On failure the output directory holds no {@code _SUCCESS} and no file
   * under a final name that this run had not finished.
   */
  public static Result run(SparkSession spark, RunPlan plan, boolean resume, PrintStream progress) {
    long start = System.nanoTime();
    HeapPeak.reset();
    PipelineSpec spec = Pipeline.read(plan.pipeline());
    Optional<Path> weightsFile = Pipeline.weightsFile(spec, plan.weights());
    Optional<Weights> weights = weightsFile.map(Weights::read);
    List<PreparedScan> scans = new ArrayList<>();
    for (Scan scan : plan.scans()) {
      OutputPlacement.check(plan.output(), scan);
      scans.add(PreparedScan.prepare(scan, spec, weights, plan, spark.sparkContext().defaultParallelism()));
    }
    Resume done = resume ? Resume.finished(plan, weightsFile) : Resume.none(plan, weightsFile);
    boolean created = !plan.output().exists();
    OutputDirectory.check(plan.output(), plan.overwrite() || resume);
    plan.output().createDirectories();
    // taken before prepare clears _temporary: another run's scratch is never touched
    OutputLock lock;
    try {
      lock = OutputLock.acquire(plan.output());
    } catch (RuntimeException e) {
      OutputDirectory.deleteIfEmpty(plan.output(), created);
      throw e;
    }
    try {
      OutputDirectory.prepare(plan.output(), plan.overwrite() || resume, plan.overwrite() && !resume);
      return run(spark, plan, resume, progress, start, spec, weightsFile, scans, done);
    } finally {
      lock.release();
      if (created) {
        OutputDirectory.deleteIfEmpty(plan.output(), true); // a failed run leaves what it found
      }
    }
  }

  private static Result run(SparkSession spark, RunPlan plan, boolean resume, PrintStream progress, long start,
      PipelineSpec spec, Optional<Path> weightsFile, List<PreparedScan> scans, Resume done) {
    plan.saveWeights().ifPresent(file -> Pipeline.saveWeights(scans.get(0).built(), file));
    double validateSeconds = ScanRun.seconds(System.nanoTime() - start);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Location work = plan.output().resolve(OutputNames.TEMPORARY);
    try {
      List<Object> scanReports = new ArrayList<>();
      List<FeatureRow> features = new ArrayList<>();
      List<Location> pending = new ArrayList<>(); // a single scan's files, moved in only after the features table
      // a batch submits the next scan's tasks before stitching the current one, so they fill the
      // cores the current scan's last tasks leave idle and run while the driver stitches
      ScanRun.Started next = null;
      RuntimeException nextFailure = null; // raised when its scan's turn comes: earlier scans commit first
      try {
        for (int i = 0; i < scans.size(); i++) {
          PreparedScan scan = scans.get(i);
          long scanStart = System.nanoTime();
          Location dir = plan.scanDirectory(scan.scan());
          if (done.isFinished(scan.scan())) {
            scanReports.add(done.skippedReport(scan.scan()));
            features.addAll(done.features(scan.scan(), dir, spec.features().isPresent()));
            progress.printf("voxtile: scan '%s' already done (%d/%d), skipped (--resume) -> %s%n", scan.scan().id(),
                i + 1, scans.size(), dir);
            continue;
          }
          if (nextFailure != null) {
            throw nextFailure;
          }
          ScanRun.Started current = next != null ? next : ScanRun.start(jsc, scan, work.resolve(scan.scan().id()),
              plan.splitChannels(), plan.preview());
          next = null;
          int following = nextToRun(scans, i + 1, done);
          if (following >= 0) {
            PreparedScan then = scans.get(following);
            try {
              next = ScanRun.start(jsc, then, work.resolve(then.scan().id()), plan.splitChannels(), plan.preview());
            } catch (RuntimeException e) {
              nextFailure = e;
            }
          }
          ScanRun.Outcome outcome = current.finish();
          if (plan.preview()) {
            outcome.staged().add(Preview.write(outcome.previews(), work.resolve(scan.scan().id())));
          }
          if (plan.batch()) {
            done.commit(scan.scan(), outcome, work.resolve(scan.scan().id()), dir, spec.features().isPresent());
          } else {
            pending.addAll(outcome.staged());
          }
          scanReports.add(outcome.report());
          features.addAll(outcome.features());
          progress.printf("voxtile: scan '%s' done (%d/%d): %d tiles in %.1f s -> %s%n", scan.scan().id(), i + 1,
              scans.size(), scan.plan().tiles().size(), (System.nanoTime() - scanStart) / 1e9, dir);
        }
      } catch (RuntimeException | Error e) {
        if (next != null) {
          next.cancel();
        }
        throw e;
      }
      Optional<Dataset<Row>> table = Optional.empty();
      long tableStart = System.nanoTime();
      if (spec.features().isPresent()) {
        Location staged = work.resolve(OutputNames.FEATURES);
        FeatureTable.write(spark, features, staged);
        table = Optional.of(FeatureTable.register(spark, OutputDirectory.moveInto(staged, plan.output())));
      }
      pending.forEach(file -> OutputDirectory.moveInto(file, plan.output()));
      Map<String, Object> report = report(spark, plan, spec, scans, scanReports, validateSeconds, start);
      if (resume) {
        report.put("resumed_scans", done.count());
      }
      report.put("features_table_s", ScanRun.seconds(System.nanoTime() - tableStart));
      OutputDirectory.writeAtomically(plan.output().resolve(OutputNames.REPORT), Json.write(report));
      OutputDirectory.deleteRecursively(work);
      OutputDirectory.writeAtomically(plan.output().resolve(OutputNames.SUCCESS), "");
      return new Result(report, table);
    } catch (RuntimeException e) {
      OutputDirectory.deleteRecursively(work); // the caller removes the directory if this run made it
      throw e;
    }
  }

  /** The first scan from {@code from} on that is not already done, or -1. */
  private static int nextToRun(List<PreparedScan> scans, int from, Resume done) {
    for (int i = from; i < scans.size(); i++) {
      if (!done.isFinished(scans.get(i).scan())) {
        return i;
      }
    }
    return -1;
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
