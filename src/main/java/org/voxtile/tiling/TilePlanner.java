package org.voxtile.tiling;

import static org.voxtile.Checks.checkArgument;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.Op;

/**
 * Cuts the output of a network on one input extent into tiles. Tiles are cells of a grid over the
 * first output node, with sizes and starts multiples of the network's alignment (the coarsest
 * map's voxel, in output voxels), so every tile starts where the whole-volume output grid has a
 * voxel and no tile splits a voxel of a downsampled map. Other outputs get the proportional boxes
 * of their own grids; those boxes partition their outputs too.
 *
 * <pre>{@code
 * TilePlanner planner = new TilePlanner(network, Extent.of(181, 217, 181));
 * TilePlan fixed = planner.plan(Extent.cube(64));
 * TilePlan auto = planner.planWithinBudget(512L << 20);   // bytes of live maps per task
 * }</pre>
 */
public final class TilePlanner {
  private final Network network;
  private final Extent inputExtent;
  private final Map<String, NodeShape> shapes;
  private final String reference;
  private final Extent referenceExtent;
  private final Extent alignment;
  private final TileRunner runner;
  private final Set<String> leaves;

  /**
   * @throws VoxtileException naming the node when the network does not fit the input, or when a
   *     node no tiling can compute exactly (an op that is not {@link Op#isLocal() local}) feeds
   *     an output
   */
  public TilePlanner(Network network, Extent inputExtent) {
    this(network, inputExtent, Set.of());
  }

  /**
   * A planner for a stage of a staged plan whose maps named in {@code leaves} are read from
   * scratch ({@link TileRunner#TileRunner(Network, Map, Set)}): the work and memory it counts
   * stop there.
   */
  public TilePlanner(Network network, Extent inputExtent, Set<String> leaves) {
    TileRunner.requireLocal(network);
    this.leaves = Set.copyOf(leaves);
    this.network = network;
    this.inputExtent = inputExtent;
    this.shapes = network.shapes(inputExtent);
    this.reference = network.outputs().get(0);
    this.referenceExtent = shapes.get(reference).extent();
    if (referenceExtent.isEmpty()) {
      throw new VoxtileException("output '" + reference + "' is empty (" + referenceExtent
          + ") for input " + inputExtent);
    }
    this.alignment = TileAlignment.coarsestVoxel(network, reference, referenceExtent);
    this.runner = new TileRunner(network, shapes, leaves);
  }

  public Map<String, NodeShape> shapes() {
    return shapes;
  }

  /**
   * Most tiles one plan may have: 10^7, more than BigBrain at 20 um in 16^3 tiles (8.6 10^6). The
   * plan is a grid whose tiles are made on demand ({@link GridTiles}) and whose totals need no
   * visit of every tile ({@link GridTotals}), so the bound is not the driver's memory but sense: a
   * one-voxel tile on a large scan is refused at once, not scheduled as 10^9 tasks.
   */
  public static final long MAX_TILES = 10_000_000L;

  /** Tiles of this size needed to cover the reference output (a double: it may be huge). */
  private double tileCount(Extent aligned) {
    double count = 1;
    for (int d = 0; d < 3; d++) {
      count *= Math.ceil((double) referenceExtent.get(d) / aligned.get(d));
    }
    return count;
  }

  public Extent alignment() {
    return alignment;
  }

  /**
   * Tiles of {@code tile} output voxels (rounded up to the alignment, capped at the output).
   */
  public TilePlan plan(Extent tile) {
    checkArgument(!tile.isEmpty(), "tile extent must be positive: %s", tile);
    Extent aligned = align(tile);
    double count = tileCount(aligned);
    if (count > MAX_TILES) {
      throw new VoxtileException("tile " + tile + " cuts output '" + reference + "' (" + referenceExtent
          + ") into " + (long) count + " tiles, more than the " + MAX_TILES + " one plan may have; choose a larger tile");
    }
    BoxGrid grid = Box.of(referenceExtent).grid(aligned);
    GridTotals totals = GridTotals.of(grid, cell -> Regions.needed(network, shapes, outputBoxes(cell), leaves),
        cell -> runner.peakBytes(outputBoxes(cell)));
    Map<String, Long> computed = totals.computed;
    long peak = totals.peak;
    // a whole-volume run computes each node on the box the whole outputs need, which is less
    // than the node's extent when a later stride skips voxels
    Map<String, Box> wholeBoxes = Regions.needed(network, shapes, outputBoxes(Box.of(referenceExtent)), leaves);
    Map<String, Long> whole = new HashMap<>();
    long computedNodes = 0;
    long wholeNodes = 0;
    for (String node : computed.keySet()) {
      long total = wholeBoxes.get(node).voxelCount();
      whole.put(node, total);
      if (!node.equals(Network.SOURCE)) {
        computedNodes += computed.get(node);
        wholeNodes += total;
      }
    }
    double overhead = wholeNodes == 0 ? 1.0 : (double) computedNodes / wholeNodes;
    return new TilePlan(inputExtent, reference, aligned, alignment, new GridTiles(grid, this::outputBoxes),
        interiorHalo(aligned),
        computed, whole, overhead, peak);
  }

  /**
   * The tile extent with the least halo overhead whose largest live set of maps fits in
   * {@code bytesPerTask}; candidates are the alignment times powers of two, the whole extent and
   * the aligned sizes that cut an axis into 2 to 8 near-equal parts.
   *
   * @throws VoxtileException when even the smallest tile does not fit, saying how much it needs
   */
  public TilePlan planWithinBudget(long bytesPerTask) {
    return planWithinBudget(bytesPerTask, 1);
  }

  /**
   * As {@link #planWithinBudget(long)} for {@code slots} tiles computed at once (one per core):
   * the tile minimises the time per core, halo overhead times the idle share of the last round
   * of tiles ({@code ceil(tiles / slots) * slots / tiles}), so the cores are kept busy without
   * cutting tiles smaller than balance needs. With one slot this is the least overhead.
   */
  public TilePlan planWithinBudget(long bytesPerTask, int slots) {
    checkArgument(slots >= 1, "slots must be positive: %s", slots);
    Extent best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    long smallestPeak = Long.MAX_VALUE;
    for (long x : candidates(0)) {
      for (long y : candidates(1)) {
        for (long z : candidates(2)) {
          Extent tile = new Extent(x, y, z);
          if (tileCount(align(tile)) > MAX_TILES) {
            continue;
          }
          Map<String, Box> interior = outputBoxes(interiorTile(tile));
          long peak = runner.peakBytes(interior);
          smallestPeak = Math.min(smallestPeak, peak);
          if (peak > bytesPerTask) {
            continue;
          }
          double tiles = tileCount(tile);
          double rounds = Math.ceil(tiles / slots);
          double cost = estimatedOverhead(tile, interior) * rounds * slots / tiles;
          if (cost < bestCost - 1e-12
              || (Math.abs(cost - bestCost) <= 1e-12 && tile.voxelCount() > best.voxelCount())) {
            best = tile;
            bestCost = cost;
          }
        }
      }
    }
    if (best == null && smallestPeak == Long.MAX_VALUE) {
      throw new VoxtileException("no tile fits: every aligned tile small enough for the memory budget cuts output '"
          + reference + "' (" + referenceExtent + ") into more than " + MAX_TILES + " tiles; raise --memory-per-task");
    }
    if (best == null) {
      throw new VoxtileException("no tile fits in " + bytesPerTask / (1 << 20)
          + " MiB per task: the smallest aligned tile " + alignment + " needs "
          + (smallestPeak + (1 << 20) - 1) / (1 << 20) + " MiB; raise --memory-per-task");
    }
    return plan(best);
  }

  private Set<Long> candidates(int d) {
    Set<Long> sizes = new TreeSet<>();
    long full = referenceExtent.get(d);
    long a = alignment.get(d);
    for (long s = a; s < full; s *= 2) {
      sizes.add(s);
    }
    for (long parts = 2; parts <= 8; parts++) {
      long s = ((full + parts - 1) / parts + a - 1) / a * a;
      if (s < full) {
        sizes.add(s);
      }
    }
    sizes.add(full);
    return sizes;
  }

  /**
   * What one task costs beyond its voxels (scheduling, opening the scan's files, reading its
   * input box), as voxels computed: about the work of a 32^3 map. Without it a stage that has no
   * halo to recompute (the statistics of a convolution of the scan) would tie at every tile size
   * and could be cut into hundreds of thousands of one-row tiles.
   */
  static final double TASK_COST_VOXELS = 1 << 15;

  /**
   * Computed / own voxels of an interior tile over all nodes (a task's fixed cost included),
   * plus the same share of the work again for tiles that stick out of the volume (a 70-voxel
   * tile on a 64-voxel axis computes nothing useful for 6 of them), which steers the choice to
   * tiles that divide the extent well.
   */
  private double estimatedOverhead(Extent tile, Map<String, Box> interior) {
    Map<String, Box> needed = Regions.needed(network, shapes, interior, leaves);
    double computed = 0;
    double own = 0;
    double outputShare = (double) tile.voxelCount() / referenceExtent.voxelCount();
    for (Map.Entry<String, Box> e : needed.entrySet()) {
      if (!e.getKey().equals(Network.SOURCE)) {
        computed += e.getValue().voxelCount();
        own += outputShare * shapes.get(e.getKey()).extent().voxelCount();
      }
    }
    double waste = tileCount(tile) * tile.voxelCount() / referenceExtent.voxelCount();
    return (computed + TASK_COST_VOXELS) / own * Math.max(1.0, waste);
  }

  private Extent align(Extent tile) {
    long[] size = new long[3];
    for (int d = 0; d < 3; d++) {
      long a = alignment.get(d);
      size[d] = Math.min(referenceExtent.get(d), ((tile.get(d) + a - 1) / a) * a);
    }
    return new Extent(size[0], size[1], size[2]);
  }

  /** The grid cell holding the centre of the output: the tile with the largest halo. */
  private Box interiorTile(Extent tile) {
    long[] min = new long[3];
    for (int d = 0; d < 3; d++) {
      long centre = referenceExtent.get(d) / 2;
      min[d] = (centre / tile.get(d)) * tile.get(d);
    }
    return Box.of(new Index3(min[0], min[1], min[2]), tile).intersect(Box.of(referenceExtent));
  }

  /** Boxes of every output for one cell of the reference output's grid (proportional). */
  private Map<String, Box> outputBoxes(Box cell) {
    Map<String, Box> boxes = new LinkedHashMap<>();
    for (String output : network.outputs()) {
      boxes.put(output, Regions.proportional(cell, referenceExtent, shapes.get(output).extent()));
    }
    return boxes;
  }

  /** Input voxels an interior tile reads beyond its own footprint in the input grid, per side. */
  private Halo interiorHalo(Extent tile) {
    Box cell = interiorTile(tile);
    Box source = Regions.unclipped(network, Map.of(reference, cell)).get(Network.SOURCE);
    if (source == null || source.isEmpty()) {
      return Halo.NONE; // the tile depends on no input voxel (bias only)
    }
    double[] jump = ReceptiveField.of(network, reference).jump();
    long[] lower = new long[3];
    long[] upper = new long[3];
    for (int d = 0; d < 3; d++) {
      long footMin = (long) Math.floor(cell.min(d) * jump[d]);
      long footMax = (long) Math.ceil(cell.max(d) * jump[d]);
      lower[d] = Math.max(0, footMin - source.min(d));
      upper[d] = Math.max(0, source.max(d) - footMax);
    }
    return new Halo(new Extent(lower[0], lower[1], lower[2]), new Extent(upper[0], upper[1], upper[2]));
  }
}
