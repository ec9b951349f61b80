package org.voxtile.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.network.Pipeline;
import org.voxtile.network.onnx.OnnxFile;
import org.voxtile.storage.Location;
import org.voxtile.spark.BidsDataset;
import org.voxtile.spark.RunPlan;
import org.voxtile.spark.output.OutputFormat;
import org.voxtile.spark.RunPlan.OutputMode;
import org.voxtile.spark.Scan;
import org.voxtile.spark.ScanLists;
import org.voxtile.spark.VoxtileJob;

/**
 * {@code voxtile run PIPELINE ...}: parses the command line into a {@link RunPlan}, starts Spark
 * (local mode on all cores unless {@code --master} or spark-submit says otherwise) and calls
 * {@link VoxtileJob#run}.
 */
final class RunCommand implements Command {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "run a pipeline over one scan or a batch, on Spark (local mode unless --master)";
  }

  private static final Options OPTIONS = WindowFlags.addTo(StagingFlags.addTo(new Options("run", "PIPELINE "
      + "(--input NAME=FILE ... | --manifest FILE | --bids DIR) --output DIR [--weights W.safetensors] "
      + "[--save-weights FILE.safetensors] [--tile X,Y,Z|auto] [--memory-per-task 512m] "
      + "[--cuts auto|recompute|materialise] [--scratch-budget 64g] [--sliding-window --roi-size X,Y,Z] "
      + "[--overlap 0.25] [--blend constant|gaussian] [--sigma-scale 0.125] [--scan-id ID] "
      + "[--output-format nifti|zarr|both] [--split-channels] [--preview] [--overwrite | --resume] [--master URL]")
      .operand("PIPELINE", "the pipeline file (YAML or JSON), or an ONNX model (.onnx, imported on the driver; its "
          + "input channels take the --input names in order); a path or a URI, as --input")
      .repeatable("--input", "NAME=FILE", "a NIfTI file or a Zarr array / OME-Zarr image for input NAME (repeat each); a "
          + "path, a file: URI, or a Hadoop URI (hdfs://nn:8020/..., s3a://bucket/... with its connector on the "
          + "classpath)")
      .option("--manifest", "FILE", "batch: a .csv or .parquet with scan_id and one column per input (a path or "
          + "URI; cells: URIs, absolute paths, or paths relative to the manifest)")
      .option("--bids", "DIR", "batch: sub-*/[ses-*/]anat/*_<SUFFIX>.nii[.gz]; inputs t1, t2, flair, pd map to "
          + "suffixes T1w, T2w, FLAIR, PDw, any other name to itself; a path or a URI, as --input")
      .values("--participant-label", "--participant_label", "LABEL...", "with --bids: only these subjects (01 or "
          + "sub-01; the values run to the next option, as in BIDS Apps)")
      .values("--session-label", "--session_label", "LABEL...", "with --bids: only these sessions (1 or ses-1)")
      .option("--output", "DIR", "outputs, report.json, features.parquet, _SUCCESS (batch: DIR/<scan_id>/); a path "
          + "or a URI, as --input")
      .option("--weights", "W", "weights file (default: the pipeline's weights:); a path or a URI")
      .option("--save-weights", "F", "write the exact weights used (files, built-in kernels, seeded init); a path "
          + "or a URI")
      .option("--tile", "X,Y,Z|auto", "tile size in output voxels; auto (default): largest halo-efficient tile "
          + "within --memory-per-task")
      .option("--memory-per-task", "SIZE", "live maps per task for --tile auto, and the limit a given --tile must "
          + "fit: 512m (default), 2g, 2gib, bytes")
      .option("--scan-id", "ID", "the scan's id in report.json and features.parquet (default: scan)")
      .option("--output-format", "FORMAT", "nifti (default): DIR/<node>.nii.gz, stitched by the driver; zarr: "
          + "DIR/<node>.ome.zarr (OME-NGFF 0.4, chunks = tiles, written by the tasks); both")
      .flag("--split-channels", "one 3D file per output channel (<node>_c<k>.nii.gz)")
      .flag("--preview", "DIR/preview.png: mid slices of every input channel and output")
      .flag("--overwrite", "allow writing into a non-empty DIR (what an earlier run wrote there is removed first)")
      .flag("--resume", "batch: skip scans finished by an earlier run of the same job (their DIR/<scan_id>/_SUCCESS "
          + "records the same pipeline, weights and inputs)")
      .option("--master", "URL", "Spark master (default: spark-submit's, else local[*])")));

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Request request = Request.read(OPTIONS.parse(args));
    Path pipeline = pipelineOnDriver(request.pipeline(), request.weights().isPresent());
    Optional<Path> weights = request.weights().map(RunCommand::weightsOnDriver);
    Optional<Location> saveTarget = request.saveWeights().map(Location::of);
    saveTarget.filter(t -> t.localPath().isEmpty()).ifPresent(Location::exists); // a scheme without connector fails now
    Optional<Path> savePath = saveTarget.map(t -> t.localPath().orElseGet(() -> driverTemporary(t.fileName())));
    Optional<List<Scan>> scans = scansWithoutSpark(request, pipeline);
    // everything is checked from headers before Spark starts (seconds saved per mistake)
    scans.ifPresent(list -> VoxtileJob.validate(request.plan(pipeline, weights, list, savePath)));
    if (isLocal(request.master())) {
      LocalWarmUp.start(pipeline, weights, List.copyOf(request.inputs().keySet()));
    }
    SparkSession spark = session(request.master(), pipeline);
    RunPlan plan;
    try {
      List<Scan> all = scans.orElseGet(() -> ScanLists.manifest(spark, Location.of(request.manifest().orElseThrow())));
      plan = request.plan(pipeline, weights, all, savePath);
      VoxtileJob.run(spark, plan, err);
      saveTarget.filter(t -> t.localPath().isEmpty()).ifPresent(t -> t.write(stream -> Files.copy(savePath.get(), stream), true));
    } finally {
      spark.stop();
    }
    out.println("voxtile: wrote " + plan.output() + " (report.json, _SUCCESS)");
    return 0;
  }

  /**
   * The command line, read and checked against itself (no file is looked at yet).
   *
   * @param inputs one scan's files by input name (empty for a batch)
   */
  record Request(String pipeline, Map<String, Location> inputs, Optional<String> manifest, Optional<String> bids,
      Location output, Optional<String> weights, Optional<String> saveWeights, Optional<Extent> tile,
      long memoryPerTask, String scanId, boolean splitChannels, boolean preview, OutputMode mode,
      String master, StagingFlags staging, Inference.Overrides windows, BidsDataset.Selection selection,
      OutputFormat format) {
    static Request read(Options.Parsed a) {
      Map<String, Location> inputs = new LinkedHashMap<>();
      for (Map.Entry<String, String> input : a.all("--input", OptionValue.NAMED)) {
        if (inputs.put(input.getKey(), Location.of(input.getValue())) != null) {
          throw new UsageException("--input " + input.getKey() + " given twice");
        }
      }
      String output = a.required("--output", OptionValue.TEXT);
      int sources = (inputs.isEmpty() ? 0 : 1) + (a.has("--manifest") ? 1 : 0) + (a.has("--bids") ? 1 : 0);
      if (sources != 1) {
        throw new UsageException("give the scans one way: --input NAME=FILE, --manifest FILE or --bids DIR");
      }
      return new Request(a.operand(0), inputs, a.text("--manifest"), a.text("--bids"), Location.of(output),
          a.text("--weights"), a.text("--save-weights"), a.get("--tile", OptionValue.TILE, Optional.empty()),
          a.get("--memory-per-task", OptionValue.SIZE, RunPlan.DEFAULT_MEMORY_PER_TASK),
          a.get("--scan-id", OptionValue.TEXT, "scan"), a.has("--split-channels"), a.has("--preview"),
          mode(a, !inputs.isEmpty()), a.text("--master").orElse(null), StagingFlags.read(a), WindowFlags.read(a),
          selection(a), a.get("--output-format", OptionValue.OUTPUT_FORMAT, OutputFormat.NIFTI));
    }

    private static BidsDataset.Selection selection(Options.Parsed a) {
      List<String> participants = a.all("--participant-label", OptionValue.TEXT);
      List<String> sessions = a.all("--session-label", OptionValue.TEXT);
      if (!a.has("--bids") && (!participants.isEmpty() || !sessions.isEmpty())) {
        throw new UsageException("--participant-label and --session-label select from a BIDS dataset: give --bids DIR");
      }
      return new BidsDataset.Selection(participants, sessions);
    }

    private static OutputMode mode(Options.Parsed a, boolean singleScan) {
      if (a.has("--resume") && a.has("--overwrite")) {
        throw new UsageException("--overwrite starts a batch over, --resume continues it: give one of them");
      }
      if (a.has("--resume") && singleScan) {
        throw new UsageException("--resume continues a batch (--manifest or --bids); rerun a single scan with "
            + "--overwrite");
      }
      return a.has("--resume") ? OutputMode.RESUME : a.has("--overwrite") ? OutputMode.OVERWRITE : OutputMode.FRESH;
    }

    /** Whether outputs go to {@code DIR/<scan id>/}: a manifest or BIDS batch. */
    boolean batch() {
      return inputs.isEmpty();
    }

    RunPlan plan(Path pipelineFile, Optional<Path> weightsFile, List<Scan> scans, Optional<Path> savePath) {
      return new RunPlan(pipelineFile, weightsFile, scans, output, batch(), tile, memoryPerTask, mode,
          splitChannels, preview, savePath, staging.cuts(), staging.scratchBudget(), windows, format);
    }
  }

  /**
   * The scans, when they can be listed without Spark: one scan of {@code --input}s, a CSV manifest
   * or a BIDS dataset; empty for a Parquet manifest, which Spark reads.
   */
  private static Optional<List<Scan>> scansWithoutSpark(Request request, Path pipeline) {
    if (!request.inputs().isEmpty()) {
      return Optional.of(List.of(new Scan(request.scanId(), request.inputs())));
    }
    if (request.manifest().isPresent()) {
      String manifest = request.manifest().get();
      return manifest.toLowerCase(Locale.ROOT).endsWith(".parquet") ? Optional.empty()
          : Optional.of(ScanLists.manifest(Location.of(manifest)));
    }
    return Optional.of(BidsDataset.scans(Location.of(request.bids().orElseThrow()), ScanLists.pipelineInputs(pipeline),
        request.selection(), System.err));
  }

  /** Whether the session will run in local mode: its tasks in this JVM. */
  static boolean isLocal(String master) {
    return (master != null ? master : new SparkConf().get("spark.master", "local")).startsWith("local");
  }

  /**
   * The session: {@code --master} if given, else the master spark-submit put in the system
   * properties, else local mode on all cores.
   */
  static SparkSession session(String master, Path pipeline) {
    SparkConf conf = new SparkConf();
    if (master != null) {
      conf.setMaster(master);
    } else {
      conf.setIfMissing("spark.master", "local[*]");
    }
    conf.setIfMissing("spark.app.name", "voxtile run " + pipeline.getFileName());
    conf.setIfMissing("spark.ui.showConsoleProgress", "true"); // a bar a person can follow
    if (!conf.get("spark.master").startsWith("local") && !conf.contains("spark.jars")) {
      // executors of a cluster need voxtile's classes; spark-submit ships its jar, a plain java does not
      Path code = codeLocation();
      if (code == null || !code.toString().endsWith(".jar")) {
        throw new UsageException("--master " + conf.get("spark.master") + " needs the job jar on the executors:"
            + " submit target/voxtile-*.jar with spark-submit (jobs/submit-standalone.sh)");
      }
      conf.set("spark.jars", code.toString());
    }

    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * The weights file as a local path: weights are read on the driver only (and broadcast with the
   * network), so one on a Hadoop file system is copied once into the driver's temporary directory,
   * under its own file name (which messages then show).
   */
  static Path weightsOnDriver(String text) {
    Location at = Location.of(text);
    return at.localPath().orElseGet(() -> copyToDriver(at, driverTemporary(at.fileName()), "--weights " + text));
  }

  /**
   * The pipeline file as a local path: a Hadoop URI is copied once to a temporary directory of the
   * driver, with the weights file its {@code weights:} key names relative to it (unless
   * {@code --weights} replaces them), so relative names keep working.
   */
  static Path pipelineOnDriver(String text, boolean weightsGiven) {
    Location at = Location.of(text);
    if (at.localPath().isPresent()) {
      return at.localPath().get();
    }
    Path copy = copyToDriver(at, driverTemporary(at.fileName()), "pipeline " + text);
    if (!weightsGiven && !OnnxFile.isOnnx(copy)) { // an ONNX model carries its weights
      Pipeline.read(copy).weights().ifPresent(weights -> {
        Path relative = copy.getParent().relativize(weights);
        if (relative.startsWith("..") || relative.isAbsolute()) {
          throw new VoxtileException("pipeline " + text + ": its weights " + weights + " are not beside it on "
              + at.scheme() + ":; give --weights");
        }
        Location source = at.parent().resolve(relative.toString().replace(java.io.File.separatorChar, '/'));
        try {
          Files.createDirectories(weights.getParent());
          weights.toFile().deleteOnExit();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot create " + weights.getParent(), e);
        }
        copyToDriver(source, weights, "the weights of pipeline " + text + " (" + source + ")");
      });
    }
    return copy;
  }

  private static Path copyToDriver(Location at, Path copy, String what) {
    try (InputStream in = at.readable().openStream()) {
      Files.copy(in, copy);
      return copy;
    } catch (FileNotFoundException e) {
      throw new VoxtileException(what + ": file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what, e);
    }
  }

  /** A path named {@code fileName} in a new temporary directory of the driver, removed on exit. */
  private static Path driverTemporary(String fileName) {
    try {
      Path dir = Files.createTempDirectory("voxtile-driver-");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve(fileName);
      file.toFile().deleteOnExit(); // registered after the directory, so deleted before it
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory on the driver", e);
    }
  }

  private static Path codeLocation() {
    try {
      return Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
