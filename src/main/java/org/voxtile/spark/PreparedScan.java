package org.voxtile.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Tile;
import org.voxtile.tiling.TilePlan;
import org.voxtile.tiling.Regions;
import org.voxtile.tiling.Stage;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.StagedPlanner;
import org.voxtile.tiling.StagingOptions;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Orientation;

/**
 * One scan checked and planned on the driver from headers only: the inputs match the pipeline's
 * names and share one grid, the network builds for the scan's extent (with its weights), and the
 * tiles are planned. Nothing here reads voxels.
 *
 * @param scan the scan, its inputs in the pipeline's order
 * @param built the network bound to the scan's extent
 * @param staged the stages: one for a network of local ops, one more per global node
 * @param orientation the input grid's orientation
 * @param channelsByInput channels of each input file, in order
 */
record PreparedScan(Scan scan, NetworkBuilder.Built built, StagedPlan staged, Orientation orientation,
    Map<String, Integer> channelsByInput) {

  /**
   * @param minTiles with an automatic tile size, the tasks that run at once (the cluster's cores:
   *     one tile is one single-threaded task); the tile balances halo overhead against idle cores
   */
  static PreparedScan prepare(Scan scan, Pipeline.Loaded pipeline, RunPlan run, int minTiles) {
    PipelineSpec spec = pipeline.spec();
    if (!new TreeSet<>(scan.inputs().keySet()).equals(new TreeSet<>(spec.inputs()))) {
      throw new VoxtileException("scan '" + scan.id() + "': the pipeline " + spec.source() + " has inputs "
          + spec.inputs() + " but the scan gives " + scan.inputs().keySet());
    }
    Map<String, Location> ordered = new LinkedHashMap<>();
    for (String input : spec.inputs()) {
      ordered.put(input, scan.inputs().get(input));
    }
    Scan inOrder = new Scan(scan.id(), ordered);
    try (MultiChannelSource source = MultiChannelSource.openFiles(Scan.readables(ordered), ReadLimits.DEFAULT)) {
      Extent extent = source.box().extent();
      Grid grid = new Grid(extent, source.orientation().affine());
      checkGrid(spec, grid, inOrder);
      NetworkBuilder.Built built = pipeline.build(source.channelsByInput(), grid);
      StagedPlanner planner = new StagedPlanner(built.network(), extent);
      StagingOptions options = new StagingOptions(run.memoryPerTask(), Math.max(1, minTiles), run.scratchBudget(),
          run.cuts(), run.tile().map(tile -> (StagingOptions.TileSizes) (stage, reference) -> tile).orElse(null));
      StagedPlan staged = planner.plan(options);
      if (run.tile().isPresent()) {
        checkBudget(staged, run.tile().get(), run.memoryPerTask(), scan.id());
      }
      return new PreparedScan(inOrder, built, staged, source.orientation(), source.channelsByInput());
    }
  }

  /**
   * A pipeline that reorients or resamples needs a scan whose affine places voxels in the world:
   * refused here, naming the scan's first file and the node, before any task.
   */
  private static void checkGrid(PipelineSpec spec, Grid grid, Scan scan) {
    java.util.Optional<String> problem = grid.affineProblem();
    if (problem.isEmpty()) {
      return;
    }
    for (var node : spec.nodes()) {
      if (REGRIDDING.contains(node.op())) {
        Map.Entry<String, Location> first = scan.inputs().entrySet().iterator().next();
        throw new VoxtileException("scan '" + scan.id() + "': " + first.getKey() + "=" + first.getValue() + ": "
            + problem.get() + "; node '" + node.name() + "' (" + node.op() + ") needs an affine it can invert");
      }
    }
  }

  /** The ops that start from the input's affine. */
  private static final java.util.Set<String> REGRIDDING = java.util.Set.of("reorient", "resample");

  /** A tile the user chose must keep the budget too, in every stage: an executor would run out of memory. */
  private static void checkBudget(StagedPlan staged, Extent tile, long budget, String scanId) {
    for (Stage stage : staged.stages()) {
      TilePlan plan = stage.tiles();
      if (plan.peakBytes() > budget) {
        String where = staged.stages().size() == 1 ? "" : stage.global()
            .map(g -> " in the stage of '" + g + "' statistics").orElse(" in the final stage");
        throw new VoxtileException(String.format("scan '%s': --tile %dx%dx%d needs %s of live feature maps per task%s,"
            + " more than --memory-per-task %s: give a smaller --tile, a larger --memory-per-task (executors need"
            + " about twice it plus 300 MiB), or --tile auto", scanId, tile.x(), tile.y(), tile.z(),
            org.voxtile.ByteSize.format(plan.peakBytes()), where, org.voxtile.ByteSize.format(budget)));
      }
    }
  }

  /** The final stage's tiles: the ones that compute and write the outputs. */
  TilePlan plan() {
    return staged.finalStage().tiles();
  }

  /** Whether statistics stages run before the outputs' tiles (the network has global nodes). */
  boolean isStaged() {
    return staged.stages().size() > 1;
  }

  /** Tasks of all stages and passes. */
  int taskCount() {
    return staged.stages().stream().mapToInt(s -> s.passes() * s.tiles().tiles().size()).sum();
  }

  Extent inputExtent() {
    return plan().inputExtent();
  }

  /** The output nodes written as volumes. */
  List<String> writtenOutputs() {
    return built.spec().outputs();
  }

  Extent extentOf(String node) {
    return built.shapes().get(node).extent();
  }

  /**
   * The tasks: every tile, with the box of the input grid it owns for statistics (the input grid
   * cut in proportion to the reference output's cut, which partitions it).
   */
  List<TileWork> work() {
    Extent reference = extentOf(plan().reference());
    Extent input = inputExtent();
    List<TileWork> work = new ArrayList<>(plan().tiles().size());
    for (Tile tile : plan().tiles()) {
      Box cell = tile.outputs().get(plan().reference());
      work.add(new TileWork(tile, Regions.proportional(cell, reference, input)));
    }
    return work;
  }
}
