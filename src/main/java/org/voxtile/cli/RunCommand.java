package org.voxtile.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Pipeline;
import org.voxtile.spark.RunPlan;
import org.voxtile.spark.Scan;
import org.voxtile.spark.ScanLists;
import org.voxtile.spark.VoxtileJob;
import org.voxtile.storage.Location;

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

  @Override
  public String usage() {
    return "usage: voxtile run PIPELINE (--input NAME=FILE ... | --manifest FILE | --bids DIR) --output DIR\n"
        + "           [--weights W.safetensors] [--save-weights FILE.safetensors]\n"
        + "           [--tile X,Y,Z|auto] [--memory-per-task 512m]\n"
        + "           [--scan-id ID] [--split-channels] [--preview] [--overwrite] [--resume] [--master URL]\n"
        + "  PIPELINE            the pipeline file (YAML or JSON); a path or a URI, as --input\n"
        + "  --input NAME=FILE   a NIfTI file for the pipeline input NAME (repeat for each input); a path,\n"
        + "                      a file: URI, or a Hadoop URI (hdfs://nn:8020/..., s3a://bucket/... with its\n"
        + "                      connector on the classpath)\n"
        + "  --manifest FILE     batch: a .csv or .parquet with scan_id and one column per input (a path\n"
        + "                      or URI; cells: URIs, absolute paths, or paths relative to the manifest)\n"
        + "  --bids DIR          batch: sub-*/[ses-*/]anat/*_<SUFFIX>.nii[.gz]; inputs t1, t2, flair,\n"
        + "                      pd map to suffixes T1w, T2w, FLAIR, PDw, any other name to itself\n"
        + "  --output DIR        outputs, report.json, features.parquet, _SUCCESS (batch: DIR/<scan_id>/);\n"
        + "                      a path or a URI, as --input\n"
        + "  --weights W         weights file (default: the pipeline's weights:); a path or a URI\n"
        + "  --save-weights F    write the exact weights used (files, built-in kernels, seeded init);\n"
        + "                      a path or a URI\n"
        + "  --tile X,Y,Z        tile size in output voxels; auto (default): largest halo-efficient\n"
        + "                      tile within --memory-per-task (default 512m)\n"
        + "  --scan-id ID        the scan's id in report.json and features.parquet (default: scan)\n"
        + "  --split-channels    one 3D file per output channel (<node>_c<k>.nii.gz)\n"
        + "  --preview           DIR/preview.png: mid slices of every input channel and output\n"
        + "  --overwrite         allow writing into a non-empty DIR\n"
        + "  --resume            batch: skip scans finished by an earlier run of the same job (their\n"
        + "                      DIR/<scan_id>/_SUCCESS records the same pipeline, weights and inputs)\n"
        + "  --master URL        Spark master (default: spark-submit's, else local[*])";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    List<String> positional = new ArrayList<>();
    Map<String, Location> inputs = new LinkedHashMap<>();
    String output = null;
    String weights = null;
    String saveWeights = null;
    String tile = "auto";
    String memory = null;
    String manifest = null;
    String bids = null;
    String master = null;
    String scanId = "scan";
    boolean split = false;
    boolean preview = false;
    boolean overwrite = false;
    boolean resume = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--input" -> {
          String v = value(args, ++i, a);
          int eq = v.indexOf('=');
          if (eq <= 0 || eq == v.length() - 1) {
            throw new UsageException("--input expects NAME=FILE: '" + v + "'");
          }
          if (inputs.put(v.substring(0, eq), Location.of(v.substring(eq + 1))) != null) {
            throw new UsageException("--input " + v.substring(0, eq) + " given twice");
          }
        }
        case "--output" -> output = value(args, ++i, a);
        case "--weights" -> weights = value(args, ++i, a);
        case "--save-weights" -> saveWeights = value(args, ++i, a);
        case "--tile" -> tile = value(args, ++i, a);
        case "--memory-per-task" -> memory = value(args, ++i, a);
        case "--manifest" -> manifest = value(args, ++i, a);
        case "--bids" -> bids = value(args, ++i, a);
        case "--master" -> master = value(args, ++i, a);
        case "--scan-id" -> scanId = value(args, ++i, a);
        case "--split-channels" -> split = true;
        case "--preview" -> preview = true;
        case "--overwrite" -> overwrite = true;
        case "--resume" -> resume = true;
        default -> {
          if (a.startsWith("--")) {
            throw new UsageException("unknown option " + a);
          }
          positional.add(a);
        }
      }
    }
    if (positional.size() != 1) {
      throw new UsageException("expected one PIPELINE file, got " + positional.size());
    }
    if (output == null) {
      throw new UsageException("--output DIR is required");
    }
    int sources = (inputs.isEmpty() ? 0 : 1) + (manifest == null ? 0 : 1) + (bids == null ? 0 : 1);
    if (sources != 1) {
      throw new UsageException("give the scans one way: --input NAME=FILE, --manifest FILE or --bids DIR");
    }
    if (resume && !inputs.isEmpty()) {
      throw new UsageException("--resume continues a batch (--manifest or --bids); rerun a single scan with --overwrite");
    }
    Path pipeline = pipelineOnDriver(positional.get(0), weights != null);
    Optional<Extent> tileExtent = parseTile(tile);
    long budget = memory == null ? RunPlan.DEFAULT_MEMORY_PER_TASK : parseBytes(memory);
    boolean parquetManifest = manifest != null && manifest.toLowerCase(Locale.ROOT).endsWith(".parquet");
    List<Scan> scans = !inputs.isEmpty() ? List.of(new Scan(scanId, inputs))
        : manifest != null ? (parquetManifest ? null : ScanLists.manifest(Location.of(manifest)))
        : ScanLists.bids(Path.of(bids), ScanLists.pipelineInputs(pipeline));
    Optional<Path> weightsPath = Optional.ofNullable(weights).map(RunCommand::weightsOnDriver);
    Optional<Location> saveTarget = Optional.ofNullable(saveWeights).map(Location::of);
    saveTarget.filter(t -> t.localPath().isEmpty()).ifPresent(Location::exists); // a scheme without connector fails now
    Optional<Path> savePath = saveTarget.map(t -> t.localPath().orElseGet(() -> driverTemporary(t.fileName())));
    if (scans != null) { // everything is checked from headers before Spark starts (seconds saved per mistake)
      VoxtileJob.validate(new RunPlan(pipeline, weightsPath, scans, Location.of(output), inputs.isEmpty(), tileExtent,
          budget, overwrite, split, preview, savePath), resume);
    }
    if (isLocal(master)) {
      LocalWarmUp.start(pipeline, weightsPath);
    }
    SparkSession spark = session(master, pipeline);
    RunPlan plan;
    try {
      if (scans == null) {
        scans = ScanLists.manifest(spark, Location.of(manifest));
      }
      plan = new RunPlan(pipeline, weightsPath, scans, Location.of(output),
          inputs.isEmpty(), tileExtent, budget, overwrite, split, preview, savePath);
      VoxtileJob.run(spark, plan, resume, err);
      if (saveTarget.isPresent() && saveTarget.get().localPath().isEmpty()) {
        Path saved = savePath.get();
        saveTarget.get().write(stream -> Files.copy(saved, stream), true);
      }
    } finally {
      spark.stop();
    }
    out.println("voxtile: wrote " + plan.output() + " (report.json, _SUCCESS)");
    return 0;
  }

  /**
   * The session: {@code --master} if given, else the master spark-submit put in the system
   * properties, else local mode on all cores.
   */
  /** Whether the session will run in local mode: its tasks in this JVM. */
  static boolean isLocal(String master) {
    return (master != null ? master : new SparkConf().get("spark.master", "local")).startsWith("local");
  }

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
    if (!weightsGiven) {
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

  static Optional<Extent> parseTile(String text) {
    if (text.equals("auto")) {
      return Optional.empty();
    }
    String[] parts = text.split(",");
    try {
      if (parts.length == 1) {
        return Optional.of(Extent.cube(positive(Long.parseLong(parts[0].trim()), text)));
      }
      if (parts.length == 3) {
        return Optional.of(Extent.of(positive(Long.parseLong(parts[0].trim()), text),
            positive(Long.parseLong(parts[1].trim()), text), positive(Long.parseLong(parts[2].trim()), text)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException("--tile expects X,Y,Z (or one number, or auto): '" + text + "'");
  }

  private static long positive(long v, String text) {
    if (v <= 0) {
      throw new UsageException("--tile sizes must be positive: '" + text + "'");
    }
    return v;
  }

  /** {@code 512m}, {@code 2g}, {@code 65536k} or bytes. */
  static long parseBytes(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
      unit = t.endsWith("k") ? 1L << 10 : t.endsWith("m") ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t);
      if (v > 0) {
        return Math.multiplyExact(v, unit);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new UsageException("--memory-per-task expects a size such as 512m or 2g: '" + text + "'");
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }
}
