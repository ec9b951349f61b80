package org.voxtile.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.Json;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.tiling.SlidingWindowRunner;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.network.NodeShape;
import org.voxtile.tiling.CapacityModel;
import org.voxtile.tiling.Description;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.StagedPlanner;

/**
 * {@code voxtile describe PIPELINE --shape X,Y,Z}: binds the pipeline for an input of that
 * extent (every check {@code run} makes, before any voxel is read, except that weights not
 * given yet are listed rather than refused) and prints per node the
 * output shape, receptive field, effective stride (jump), halo, parameters, MACs and activation
 * memory, then the tile plan. Every pipeline is planned in stages ({@link StagedPlanner}): a
 * network with global nodes (instance_norm, group_norm, normalize) gets a statistics stage per
 * global node, listed with their cut choices and predicted costs, before the final stage whose
 * tiles the node table and the plan show; without global nodes the one stage's tiles are
 * {@link org.voxtile.tiling.TilePlanner}'s. {@code --json} prints one object {@code {"nodes":
 * [...], "plan": {...}, "stages": [...]}}; {@code --save-weights} writes the exact weights used.
 */
final class DescribeCommand implements Command {
  static final long DEFAULT_MEMORY = 512L << 20;

  @Override
  public String name() {
    return "describe";
  }

  @Override
  public String summary() {
    return "per node: shape, receptive field, stride, halo, parameters, MACs, memory; tile plan, stages (--json)";
  }

  private static final Options OPTIONS = WindowFlags.addTo(StagingFlags.addTo(new Options("describe", "PIPELINE "
      + "--shape X,Y,Z [--weights W.safetensors] [--json] [--tile X,Y,Z|auto] [--memory-per-task 512m] [--cores N] "
      + "[--cuts auto|recompute|materialise] [--scratch-budget 64g] [--cluster EXECUTORS,CORES,MEMORY] "
      + "[--output-format nifti|zarr|both] "
      + "[--sliding-window --roi-size X,Y,Z] [--overlap 0.25] [--blend constant|gaussian] [--sigma-scale 0.125] "
      + "[--save-weights FILE.safetensors]")
      .operand("PIPELINE", "pipeline file (conf/*.yaml; JSON accepted)")
      .option("--shape", "X,Y,Z", "spatial extent of the input scans (one channel per pipeline input)")
      .option("--weights", "FILE", "weights replacing the pipeline's own 'weights:'")
      .flag("--json", "{\"nodes\": [...], \"plan\": {...}, \"stages\": [...], \"staging\": {...}} on one "
          + "line; stages has one element per stage (just one without global nodes), staging the totals and "
          + "the cost model's rates")
      .option("--tile", "X,Y,Z|auto", "output tile extent (of every stage's reference map), or the "
          + "least-overhead tile within the memory budget (default)")
      .option("--memory-per-task", "SIZE", "budget for live maps per task with --tile auto: 512m (default), 2g, "
          + "2gib, bytes")
      .option("--cores", "N", "tasks run at once, which --tile auto keeps busy (default: this machine's cores, as "
          + "run in local mode; give the cluster's total for a cluster run)")
      .option("--output-format", "nifti|zarr|both", "with --cluster: how run would write the outputs (NIfTI is "
          + "stitched by the driver after the last task, OME-Zarr chunks by the tasks)")
      .option("--cluster", "E,C,MEMORY", "predict tasks, waves, bytes and time on E executors of C cores and MEMORY "
          + "heap each (e.g. 100,8,32g); also sets --cores to the tasks the cluster runs at once"))
      .option("--save-weights", "FILE", "write the weights used (file, built-in kernels or init: {seed}) as "
          + ".safetensors"));

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Settings o = Settings.parse(args);
    // shapes, receptive fields and MACs need no weights: missing ones are listed, not refused
    Pipeline.Loaded loaded = Pipeline.open(o.pipeline, o.weights, List.of()).withInference(o.windows);
    Inference inference = loaded.spec().inference();
    // in sliding-window mode every window is a whole image: the nodes are described for the window
    NetworkBuilder.Built built = loaded.buildAllowingMissingWeights(Map.of(),
        inference.slidingWindow() ? inference.roi() : o.shape);
    if (o.saveWeights.isPresent()) {
      Pipeline.saveWeights(built, o.saveWeights.get());
    }
    SlidingWindowRunner windows = inference.slidingWindow()
        ? SlidingWindowRunner.of(built.network(), o.shape, inference) : null;
    if (windows != null && o.cluster.isPresent()) {
      throw new UsageException("--cluster predicts whole-volume plans; sliding-window mode's tasks are its windows");
    }
    int cores = o.cluster.map(c -> (int) Math.min(Integer.MAX_VALUE, CapacityModel.slots(c, o.memory)))
        .orElse(o.cores);
    StagedPlan plan = windows != null ? windows.windowPlan()
        : new StagedPlanner(built.network(), o.shape).plan(o.staging.options(o.memory, cores, o.tile));
    Description description = Description.of(built, plan);
    Long budget = o.tile.isPresent() || windows != null ? null : o.memory;
    Map<String, Object> summary = windows == null ? null : windows.summary(inference);
    Optional<CapacityModel.Prediction> capacity = o.cluster.map(c -> CapacityModel.predict(plan, c, o.memory,
        outputBytes(built), o.format.writesNifti(), o.format.writesZarr()));
    if (o.json) {
      Map<String, Object> json = DescriptionFormat.jsonObject(built, description, budget, o.staging);
      if (summary != null) {
        json.put("sliding_window", summary);
      }
      capacity.ifPresent(p -> json.put("capacity", CapacityFormat.json(p)));
      out.println(Json.line(json));
    } else {
      out.print(DescriptionFormat.text(built, description, budget, o.staging));
      if (summary != null) {
        out.print(DescriptionFormat.windows(summary, o.shape, o.memory));
      }
      capacity.ifPresent(p -> out.print(CapacityFormat.text(p)));
      o.saveWeights.ifPresent(f -> out.println("weights written to " + f));
    }
    if (o.json && o.saveWeights.isPresent()) {
      err.println("voxtile: weights written to " + o.saveWeights.get());
    }
    return 0;
  }

  /** Bytes of the output volumes as written: voxels times channels times their datatype's size. */
  private static long outputBytes(NetworkBuilder.Built built) {
    long bytes = 0;
    for (String node : built.spec().outputs()) {
      NodeShape shape = built.shapes().get(node);
      long voxels = Math.multiplyExact(shape.extent().voxelCount(), (long) shape.channels());
      bytes = Math.addExact(bytes, Math.multiplyExact(voxels, (long) built.spec().outputDatatype(node).bytes()));
    }
    return bytes;
  }

  /** The command line, read. */
  private static final class Settings {
    Path pipeline;
    Extent shape;
    Optional<Path> weights;
    Optional<Path> saveWeights;
    Optional<Extent> tile;
    long memory;
    int cores;
    Optional<CapacityModel.Cluster> cluster;
    org.voxtile.spark.output.OutputFormat format;
    StagingFlags staging;
    Inference.Overrides windows;
    boolean json;

    static Settings parse(List<String> args) {
      Options.Parsed a = OPTIONS.parse(args);
      Settings o = new Settings();
      o.pipeline = Path.of(a.operand(0));
      o.shape = a.required("--shape", OptionValue.TRIPLE);
      o.weights = a.text("--weights").map(Path::of);
      o.saveWeights = a.text("--save-weights").map(Path::of);
      o.tile = a.get("--tile", OptionValue.TILE, Optional.empty());
      o.memory = a.get("--memory-per-task", OptionValue.SIZE, DEFAULT_MEMORY);
      o.cores = a.get("--cores", OptionValue.COUNT, Runtime.getRuntime().availableProcessors());
      o.cluster = a.get("--cluster", OptionValue.CLUSTER);
      o.format = a.get("--output-format", OptionValue.OUTPUT_FORMAT, org.voxtile.spark.output.OutputFormat.NIFTI);
      if (a.has("--output-format") && o.cluster.isEmpty()) {
        throw new UsageException("--output-format changes only the --cluster prediction: give --cluster too");
      }
      o.staging = StagingFlags.read(a);
      o.windows = WindowFlags.read(a);
      o.json = a.has("--json");
      long limit = ReadLimits.DEFAULT.maxVoxels();
      if ((double) o.shape.x() * o.shape.y() * o.shape.z() > limit) {
        throw new UsageException("--shape " + o.shape + " is more than the " + limit
            + " voxels voxtile reads from one scan");
      }
      return o;
    }
  }
}
