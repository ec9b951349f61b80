package org.voxtile.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.weights.Weights;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Tile;
import org.voxtile.tiling.TilePlan;
import org.voxtile.tiling.TilePlanner;
import org.voxtile.volume.Orientation;

/**
 * One scan checked and planned on the driver from headers only: the inputs match the pipeline's
 * names and share one grid, the network builds for the scan's extent (with its weights), and the
 * tiles are planned. Nothing here reads voxels.
 *
 * @param scan the scan, its inputs in the pipeline's order
 * @param built the network bound to the scan's extent
 * @param plan the tiles
 * @param orientation the input grid's orientation
 * @param channelsByInput channels of each input file, in order
 */
record PreparedScan(Scan scan, NetworkBuilder.Built built, TilePlan plan, Orientation orientation,
    Map<String, Integer> channelsByInput) {

  /**
   * @param minTiles with an automatic tile size, the tasks that run at once (the cluster's cores:
   *     one tile is one single-threaded task); the tile balances halo overhead against idle cores
   */
  static PreparedScan prepare(Scan scan, PipelineSpec spec, Optional<Weights> weights, RunPlan run, int minTiles) {
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
      NetworkBuilder.Built built = NetworkBuilder.build(spec, weights, source.channelsByInput(), extent);
      TilePlanner planner = new TilePlanner(built.network(), extent);
      TilePlan plan = run.tile().isPresent() ? fixed(planner, run.tile().get(), run.memoryPerTask(), scan.id())
          : automatic(planner, run.memoryPerTask(), minTiles);
      return new PreparedScan(inOrder, built, plan, source.orientation(), source.channelsByInput());
    }
  }

  /** A tile the user chose must keep the budget too: an executor would run out of memory. */
  private static TilePlan fixed(TilePlanner planner, Extent tile, long budget, String scanId) {
    TilePlan plan = planner.plan(tile);
    if (plan.peakBytes() > budget) {
      throw new VoxtileException(String.format("scan '%s': --tile %dx%dx%d needs %s of live feature maps per task,"
          + " more than --memory-per-task %s: give a smaller --tile, a larger --memory-per-task (executors need"
          + " about twice it plus 300 MiB), or --tile auto", scanId, tile.x(), tile.y(), tile.z(),
          org.voxtile.ByteSize.format(plan.peakBytes()), org.voxtile.ByteSize.format(budget)));
    }
    return plan;
  }

  private static TilePlan automatic(TilePlanner planner, long budget, int minTiles) {
    return planner.planWithinBudget(budget, Math.max(1, minTiles));
  }

  Extent inputExtent() {
    return plan.inputExtent();
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
    Extent reference = extentOf(plan.reference());
    Extent input = inputExtent();
    List<TileWork> work = new ArrayList<>(plan.tiles().size());
    for (Tile tile : plan.tiles()) {
      Box cell = tile.outputs().get(plan.reference());
      long[] lo = new long[3];
      long[] hi = new long[3];
      for (int d = 0; d < 3; d++) {
        lo[d] = Math.floorDiv(cell.min(d) * input.get(d), reference.get(d));
        hi[d] = Math.floorDiv(cell.max(d) * input.get(d), reference.get(d));
      }
      work.add(new TileWork(tile, Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2])));
    }
    return work;
  }
}
