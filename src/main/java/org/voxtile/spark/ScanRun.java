package org.voxtile.spark;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.voxtile.VoxtileException;
import org.voxtile.features.ChannelStats;
import org.voxtile.features.SppAccumulator;
import org.voxtile.features.TileFeatures;
import org.voxtile.geometry.Box;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.network.pipeline.FeatureSpec;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.spark.output.FeatureRow;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.spark.stitch.ChunkedScratch;
import org.voxtile.spark.stitch.MidSlices;
import org.voxtile.spark.stitch.OutputGeometry;
import org.voxtile.spark.stitch.OutputValueException;
import org.voxtile.spark.stitch.Stitcher;
import org.voxtile.spark.stitch.WindowBlender;
import org.voxtile.storage.Location;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Runs one prepared scan on Spark: one task per tile, then the driver stitches each output from
 * the scratch tiles into a staging directory, merges the tiles' feature partials in tile order,
 * and describes the run. Moving the staged files into place is the caller's last step.
 */
public final class ScanRun {
  /** Percentiles reported per channel. */
  static final int[] PERCENTILES = {1, 5, 25, 50, 75, 95, 99};

  /**
   * @param staged the finished files, in the staging directory, to move into place
   * @param report this scan's part of report.json
   * @param features the scan's rows of features.parquet (empty without {@code features})
   * @param previews mid slices of every input and output, by label (empty without a preview)
   */
  public record Outcome(List<Location> staged, Map<String, Object> report, List<FeatureRow> features,
      Map<String, MidSlices> previews) {}

  private ScanRun() {}

  /** @param preview whether to keep the mid slices of inputs and outputs for preview.png */
  static Outcome run(JavaSparkContext spark, PreparedScan scan, Location work, boolean split, boolean preview) {
    return start(spark, scan, work, split, preview).finish();
  }

  /**
   * Decodes the scan's compressed inputs and submits its tasks; returns while they run, so a
   * batch can start the next scan's tasks before stitching this one (see {@link Started#finish}).
   */
  static Started start(JavaSparkContext spark, PreparedScan scan, Location work, boolean split, boolean preview) {
    long start = System.nanoTime();
    boolean windowed = scan.windows().isPresent();
    List<TileWork> tiles = windowed ? scan.windowWork() : scan.work();
    // one task inflates a compressed input once anyway; several would each inflate all of it
    Map<String, Location> inputs = scan.taskCount() > 1 ? ingest(scan, work) : scan.scan().inputs();
    long ingested = System.nanoTime();
    Map<String, NodeShape> shapes = scan.built().shapes();
    Optional<FeatureSpec> featureSpec = scan.built().spec().features();
    SppAccumulator template = featureSpec.map(f -> new SppAccumulator(f, scan.extentOf(f.from()),
        shapes.get(f.from()).channels())).orElse(null);
    ChunkedScratch stageScratch = ChunkedScratch.of(work.resolve(OutputNames.STAGE_SCRATCH), scan.staged());
    ZarrOutputs zarr = scan.format().writesZarr() ? ZarrOutputs.create(scan, work.resolve(OutputNames.STAGED)) : null;
    Started started = new Started(scan, work, split, preview, inputs, template, stageScratch, zarr, start, ingested);
    // the statistics stages run in the job's thread: the driver may stitch the scan before meanwhile
    Supplier<Function<TileWork, TileResult>> prepare = windowed ? () -> {
      started.shared = spark.broadcast(scan.built().network()); // a window's statistics are its own: no stages
      return new WindowTask(started.shared, scan.built().spec().inference(), scan.extentOf(scan.writtenOutputs()
          .get(0)), inputs, work.resolve(OutputNames.TILES), scan.writtenOutputs());
    } : () -> {
      StatisticsStages.Done stages = StatisticsStages.run(spark, scan, inputs, stageScratch);
      started.stages = stages;
      Broadcast<Network> shared = spark.broadcast(stages.network());
      started.shared = shared;
      // executors open the locations with the storage each carries (a Hadoop one, its configuration)
      return new TileTask(shared, shapes, inputs, work.resolve(OutputNames.TILES), scan.writtenOutputs(), template,
          featureSpec.map(FeatureSpec::from).orElse(null), scan.staged().finalStage().reads(), stageScratch, zarr,
          scan.format().writesNifti());
    };
    started.job = TileJob.start(spark, scan.scan().id(), "voxtile " + scan.scan().id() + ": " + tiles.size()
        + (windowed ? " windows" : " tiles"), tiles, prepare);
    return started;
  }

  /** A scan whose tasks are running. */
  static final class Started {
    private final PreparedScan scan;
    private final Location work;
    private final boolean split;
    private final boolean preview;
    private final Map<String, Location> inputs;
    private final SppAccumulator template;
    private final ChunkedScratch stageScratch;
    private final ZarrOutputs zarr;
    private TileJob job;
    private volatile StatisticsStages.Done stages; // set by the job's thread before the tile tasks
    private volatile Broadcast<Network> shared;
    private final long start;
    private final long ingested;

    private Started(PreparedScan scan, Location work, boolean split, boolean preview, Map<String, Location> inputs,
        SppAccumulator template, ChunkedScratch stageScratch, ZarrOutputs zarr, long start, long ingested) {
      this.scan = scan;
      this.work = work;
      this.split = split;
      this.preview = preview;
      this.inputs = inputs;
      this.template = template;
      this.stageScratch = stageScratch;
      this.zarr = zarr;
      this.start = start;
      this.ingested = ingested;
    }

    /**
     * Stitches each NIfTI output into the staging directory as its tiles arrive, waits for the
     * tasks, writes the OME-Zarr images' metadata (their chunks are the tasks'), merges the tiles'
     * feature partials in tile order and describes the run.
     */
    Outcome finish() {
      Network network = scan.built().network(); // for geometry only: the bound network has the same shapes
      Map<String, NodeShape> shapes = scan.built().shapes();
      Location scratch = work.resolve(OutputNames.TILES);
      Location staging = work.resolve("out");
      List<Location> staged = new ArrayList<>();
      long outputBytes = 0;
      long tasksDone;
      long stitchEnd;
      long stitchNanos; // the driver's own writing: NIfTI stitching (it overlaps the tasks), Zarr metadata
      TileResult total;
      Map<String, MidSlices> previews = new LinkedHashMap<>();
      try {
        // the first output is stitched while its tiles arrive, the others (all written by then) after
        for (String node : scan.format().writesNifti() ? scan.writtenOutputs() : List.<String>of()) {
          Orientation orientation = OutputGeometry.of(network, node, scan.orientation());
          List<Location> files = outputFiles(staging, node, shapes.get(node).channels(), split);
          MidSlices slices = preview
              ? new MidSlices(Box.of(scan.extentOf(node)), shapes.get(node).channels()) : null;
          Consumer<Volume> pieces = preview ? slices::accept : piece -> {};
          OutputDatatype datatype = scan.built().spec().outputDatatype(node);
          outputBytes += scan.windows().isPresent()
              ? WindowBlender.blend(scratch, node, datatype, scan.windows().get(), shapes.get(node).channels(),
                  orientation, files, Stitcher.SLAB_BYTES, job, pieces)
              : Stitcher.stitch(scratch, node, datatype, scan.plan().tiles(), scan.extentOf(node),
                  shapes.get(node).channels(), orientation, files, Stitcher.SLAB_BYTES, job, pieces);
          staged.addAll(files);
          if (preview) {
            previews.put(node, slices);
          }
        }
        stitchNanos = scan.format().writesNifti() ? System.nanoTime() - ingested - job.waitedNanos() : 0;
        total = job.result();
        tasksDone = job.doneAt();
        long metadataStart = System.nanoTime();
        if (zarr != null) {
          List<Location> images = zarr.finish();
          staged.addAll(images);
          for (int i = 0; preview && !scan.format().writesNifti() && i < images.size(); i++) {
            previews.put(scan.writtenOutputs().get(i), MidSlices.read(images.get(i)));
          }
        }
        stitchEnd = System.nanoTime();
        stitchNanos += stitchEnd - metadataStart;
      } catch (OutputValueException e) {
        cancel();
        throw e.inScan(scan.scan().id());
      } catch (RuntimeException | Error e) {
        cancel();
        throw e;
      } finally {
        release();
      }
      if (preview) { // from the decoded copies while they exist: slices read by range, never whole
        Map<String, MidSlices> withInputs = new LinkedHashMap<>();
        inputs.forEach((name, file) -> withInputs.put(name, MidSlices.read(file)));
        withInputs.putAll(previews);
        previews = withInputs;
      }
      // the decoded copies and materialised maps serve only the tasks: a batch must not keep every
      // scan's until the end
      work.resolve(InputIngest.DIRECTORY).delete();
      stageScratch.delete();
      long stitched = System.nanoTime();

      Optional<FeatureSpec> featureSpec = scan.built().spec().features();
      List<FeatureRow> rows = template == null ? List.of() : featureRows(scan, featureSpec.get(), total.features());
      long featuresDone = System.nanoTime();
      Map<String, Object> report = ScanReport.of(scan, total, stages, outputBytes, Map.of(
          "ingest_s", seconds(ingested - start), "tasks_s", seconds(tasksDone - ingested),
          // stitching overlaps the tasks: its own time, and the part after the last task
          "stitch_s", seconds(stitchNanos),
          "stitch_after_tasks_s", seconds(Math.max(0, stitchEnd - tasksDone)),
          "features_s", seconds(featuresDone - stitched)));
      return new Outcome(staged, report, rows, previews);
    }

    /** Cancels the scan's remaining tasks (the batch failed elsewhere) and waits for them to end. */
    void cancel() {
      job.cancel();
      release();
    }

    private boolean released;

    private void release() {
      if (released) { // Spark refuses to destroy a broadcast twice
        return;
      }
      released = true;
      if (shared != null) { // null: the job failed before its tile tasks
        shared.destroy();
      }
    }
  }

  private static Map<String, Location> ingest(PreparedScan scan, Location work) {
    try {
      return InputIngest.uncompressed(scan.scan().inputs(), work);
    } catch (VoxtileException | UncheckedIOException e) {
      String detail = e instanceof UncheckedIOException && e.getCause() != null
          ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
      throw new VoxtileException("scan '" + scan.scan().id() + "' failed decoding its inputs: " + detail);
    }
  }

  /** {@code <node>.nii.gz}, or with split channels {@code <node>_c<k>.nii.gz} per channel. */
  static List<Location> outputFiles(Location dir, String node, int channels, boolean split) {
    dir.createDirectories();
    return OutputNames.volumes(node, channels, split).stream().map(dir::resolve).toList();
  }

  private static List<FeatureRow> featureRows(PreparedScan scan, FeatureSpec spec, TileFeatures all) {
    String id = scan.scan().id();
    List<FeatureRow> rows = new ArrayList<>();
    float[] vector = all.spp().vector();
    int at = 0;
    for (int level : all.spp().levels()) {
      for (int c = 0; c < all.spp().channels(); c++) {
        for (int bin = 0; bin < level * level * level; bin++) {
          rows.add(new FeatureRow(id, spec.from(), c, "spp_" + spec.mode().label(), level, bin, vector[at++]));
        }
      }
    }
    ChannelStats[] inputs = all.stats().get(Network.SOURCE);
    int channel = 0;
    for (Map.Entry<String, Integer> input : scan.channelsByInput().entrySet()) {
      for (int c = 0; c < input.getValue(); c++) {
        statRows(id, input.getKey(), c, inputs[channel++], rows);
      }
    }
    for (String node : scan.writtenOutputs()) {
      ChannelStats[] stats = all.stats().get(node);
      for (int c = 0; c < stats.length; c++) {
        statRows(id, node, c, stats[c], rows);
      }
    }
    return rows;
  }

  private static void statRows(String id, String node, int channel, ChannelStats s, List<FeatureRow> rows) {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("count", (double) s.count());
    values.put("nan_count", (double) s.nanCount());
    values.put("mean", s.mean());
    values.put("std", s.std());
    values.put("min", s.min());
    values.put("max", s.max());
    for (int p : PERCENTILES) {
      values.put(String.format("p%02d", p), s.percentile(p));
    }
    values.forEach((name, value) -> rows.add(new FeatureRow(id, node, channel, name, null, null, value)));
  }

  static double seconds(long nanos) {
    return Math.round(nanos / 1e6) / 1e3;
  }
}
