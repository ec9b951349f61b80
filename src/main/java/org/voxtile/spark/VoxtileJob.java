package org.voxtile.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.voxtile.Json;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.spark.output.DoneMarker;
import org.voxtile.spark.output.FeatureRow;
import org.voxtile.spark.output.OutputDirectory;
import org.voxtile.spark.output.OutputLock;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.spark.stitch.Preview;
import org.voxtile.storage.Location;
import org.voxtile.spark.RunPlan.OutputMode;

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
   * under a final name that this run had not finished. In {@link OutputMode#RESUME} a batch skips
   * the scans whose done marker ({@code DIR/<scan id>/_SUCCESS}) records the same fingerprint (see
   * {@link DoneMarker}) and computes the others.
   *
   * @param progress where one line per finished scan goes
   * @throws org.voxtile.VoxtileException for anything the user must fix, before any task runs
   */
  public static Result run(SparkSession spark, RunPlan plan, PrintStream progress) {
    long start = System.nanoTime();
    HeapPeak.reset();
    Checked checked = Checked.of(plan, spark.sparkContext().defaultParallelism());
    Resume done = plan.mode() == OutputMode.RESUME ? Resume.finished(plan, checked.weightsFile())
        : Resume.none(plan, checked.weightsFile());
    return inOutputDirectory(plan, () -> new Execution(spark, plan, progress, start, checked, done).run());
  }

  /**
   * Checks {@code plan} as {@link #run} does before any task, without Spark and without touching
   * the output directory, so a command line can refuse mistakes before starting Spark. In
   * {@link OutputMode#RESUME} the finished scans' markers must match.
   *
   * @throws org.voxtile.VoxtileException for anything the user must fix
   */
  public static void validate(RunPlan plan) {
    Checked checked = Checked.of(plan, 1);
    OutputDirectory.check(plan.output(), plan.mode().mayUseNonEmpty());
    OutputLock.check(plan.output());
    if (plan.mode() == OutputMode.RESUME) {
      Resume.finished(plan, checked.weightsFile());
    }
  }

  /** The pipeline, its weights file and every scan, checked from headers and planned. */
  private record Checked(PipelineSpec spec, Optional<Path> weightsFile, List<PreparedScan> scans) {
    static Checked of(RunPlan plan, int parallelism) {
      // an ONNX model's channels take the names of a single scan's --input, in their order
      List<String> inputNames = plan.batch() ? List.of() : List.copyOf(plan.scans().get(0).inputs().keySet());
      Pipeline.Loaded loaded = Pipeline.open(plan.pipeline(), plan.weights(), inputNames).withInference(plan.inference());
      List<PreparedScan> scans = new ArrayList<>();
      for (Scan scan : plan.scans()) {
        OutputPlacement.check(plan.output(), scan);
        scans.add(PreparedScan.prepare(scan, loaded, plan, parallelism));
      }
      return new Checked(loaded.spec(), loaded.weightsFile(), scans);
    }
  }

  /**
   * Runs {@code body} with the output directory checked, created if absent, locked and prepared
   * for the plan's mode; a directory this run created is removed again if the run leaves it empty.
   */
  private static Result inOutputDirectory(RunPlan plan, Supplier<Result> body) {
    Location output = plan.output();
    boolean created = !output.exists();
    OutputDirectory.check(output, plan.mode().mayUseNonEmpty());
    output.createDirectories();
    // taken before prepare clears _temporary: another run's scratch is never touched
    OutputLock lock;
    try {
      lock = OutputLock.acquire(output);
    } catch (RuntimeException e) {
      OutputDirectory.deleteIfEmpty(output, created);
      throw e;
    }
    try {
      OutputDirectory.prepare(output, plan.mode().mayUseNonEmpty(), plan.mode() == OutputMode.OVERWRITE);
      return body.get();
    } finally {
      lock.release();
      if (created) {
        OutputDirectory.deleteIfEmpty(output, true); // a failed run leaves what it found
      }
    }
  }

  /** One run inside its locked output directory: the scans, then the features table, report and _SUCCESS. */
  private static final class Execution {
    private final SparkSession spark;
    private final RunPlan plan;
    private final long start;
    private final Checked checked;
    private final Resume done;
    private final JavaSparkContext jsc;
    private final Location work;
    private final List<Object> scanReports = new ArrayList<>();
    private final List<FeatureRow> features = new ArrayList<>();
    private final List<Location> pending = new ArrayList<>(); // a single scan's files, moved in after the table
    private final BatchProgress lines;

    Execution(SparkSession spark, RunPlan plan, PrintStream progress, long start, Checked checked, Resume done) {
      this.spark = spark;
      this.plan = plan;
      this.start = start;
      this.checked = checked;
      this.done = done;
      this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      this.work = plan.output().resolve(OutputNames.TEMPORARY);
      this.lines = new BatchProgress(progress, checked.scans().size(), plan.batch());
    }

    Result run() {
      plan.saveWeights().ifPresent(file -> Pipeline.saveWeights(checked.scans().get(0).built(), file));
      double validateSeconds = ScanRun.seconds(System.nanoTime() - start);
      try {
        runScans();
        return commit(validateSeconds);
      } catch (RuntimeException e) {
        OutputDirectory.deleteRecursively(work); // the caller removes the directory if this run made it
        throw e;
      }
    }

    /**
     * Runs the scans in order. A batch submits the next scan's tasks before stitching the current
     * one, so they fill the cores the current scan's last tasks leave idle and run while the driver
     * stitches; a failure to start the next scan is raised when its turn comes, so earlier scans
     * commit first.
     */
    private void runScans() {
      List<PreparedScan> scans = checked.scans();
      ScanRun.Started next = null;
      RuntimeException nextFailure = null;
      try {
        for (int i = 0; i < scans.size(); i++) {
          PreparedScan scan = scans.get(i);
          long scanStart = System.nanoTime();
          if (done.isFinished(scan.scan())) {
            skip(i, scan);
            continue;
          }
          if (nextFailure != null) {
            throw nextFailure;
          }
          ScanRun.Started current = next != null ? next : start(scan);
          next = null;
          int following = nextToRun(i + 1);
          if (following >= 0) {
            try {
              next = start(scans.get(following));
            } catch (RuntimeException e) {
              nextFailure = e;
            }
          }
          try {
            finish(i, scan, current, scanStart);
          } catch (RuntimeException e) {
            lines.failed(i, scan.scan().id());
            throw e;
          }
        }
      } catch (RuntimeException | Error e) {
        if (next != null) {
          next.cancel();
        }
        throw e;
      }
    }

    private ScanRun.Started start(PreparedScan scan) {
      return ScanRun.start(jsc, scan, work.resolve(scan.scan().id()), plan.splitChannels(), plan.preview());
    }

    /** The first scan from {@code from} on that is not already done, or -1. */
    private int nextToRun(int from) {
      for (int i = from; i < checked.scans().size(); i++) {
        if (!done.isFinished(checked.scans().get(i).scan())) {
          return i;
        }
      }
      return -1;
    }

    /** A scan finished by an earlier run ({@code --resume}): its report and features as that run left them. */
    private void skip(int i, PreparedScan scan) {
      Location dir = plan.scanDirectory(scan.scan());
      scanReports.add(done.skippedReport(scan.scan()));
      features.addAll(done.features(scan.scan(), dir, checked.spec().features().isPresent()));
      lines.skipped(i, scan.scan().id(), dir);
    }

    /** Waits for a scan's tasks and stitching; a batch's scan is committed now, a single scan's files later. */
    private void finish(int i, PreparedScan scan, ScanRun.Started current, long scanStart) {
      ScanRun.Outcome outcome = current.finish();
      Location scratch = work.resolve(scan.scan().id());
      Location dir = plan.scanDirectory(scan.scan());
      if (plan.preview()) {
        outcome.staged().add(Preview.write(outcome.previews(), scratch));
      }
      if (plan.batch()) {
        done.commit(scan.scan(), outcome, scratch, dir, checked.spec().features().isPresent());
      } else {
        pending.addAll(outcome.staged());
      }
      scanReports.add(outcome.report());
      features.addAll(outcome.features());
      lines.done(i, scan.scan().id(), scan.outputTasks(), (System.nanoTime() - scanStart) / 1e9, dir);
    }

    /** The features table, a single scan's files, report.json, and _SUCCESS last. */
    private Result commit(double validateSeconds) {
      Optional<Dataset<Row>> table = Optional.empty();
      long tableStart = System.nanoTime();
      if (checked.spec().features().isPresent()) {
        Location staged = work.resolve(OutputNames.FEATURES);
        FeatureTable.write(spark, features, staged);
        table = Optional.of(FeatureTable.register(spark, OutputDirectory.moveInto(staged, plan.output())));
      }
      pending.forEach(file -> OutputDirectory.moveInto(file, plan.output()));
      Map<String, Object> report = report(spark, plan, checked.spec(), checked.scans(), scanReports,
          validateSeconds, start);
      if (plan.mode() == OutputMode.RESUME) {
        report.put("resumed_scans", done.count());
      }
      report.put("features_table_s", ScanRun.seconds(System.nanoTime() - tableStart));
      OutputDirectory.writeAtomically(plan.output().resolve(OutputNames.REPORT), Json.indented(report));
      OutputDirectory.deleteRecursively(work);
      OutputDirectory.writeAtomically(plan.output().resolve(OutputNames.SUCCESS), "");
      return new Result(report, table);
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
      report.put("tiles", scans.stream().mapToInt(PreparedScan::outputTasks).sum());
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
