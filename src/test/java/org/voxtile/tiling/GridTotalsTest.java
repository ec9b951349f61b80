package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.NodeShape;
import org.voxtile.network.Pipeline;

/**
 * The totals of a plan taken from its separable form (one probe per grid cell along each axis)
 * equal the totals of visiting every tile: voxels computed per node and the largest live set,
 * for random networks of every local op over random extents and tile sizes.
 */
class GridTotalsTest {
  private static final int CASES = 300;
  private static final long[] SIDES = {1, 2, 3, 5, 7, 9, 12, 16, 17, 23};

  @Test
  void separableTotalsEqualTheSumOverEveryTile() {
    long base = 2026_12_08L;
    int separable = 0;
    for (int c = 0; c < CASES; c++) {
      long seed = base * 1_000_003L + c;
      Random random = new Random(seed);
      Extent input = Extent.of(pick(random), pick(random), pick(random));
      Network net = RandomNetworks.create(random, input, 1 + random.nextInt(2));
      Map<String, NodeShape> shapes = net.shapes(input);
      String reference = net.outputs().get(0);
      Extent out = shapes.get(reference).extent();
      BoxGrid grid = Box.of(out).grid(Extent.of(1 + random.nextInt((int) out.x()),
          1 + random.nextInt((int) out.y()), 1 + random.nextInt((int) out.z())));
      GridTotals[] both = bothWays(net, shapes, grid);
      GridTotals fast = both[0];
      GridTotals every = both[1];
      String what = "seed " + seed + ", input " + input + ", grid " + grid.cell()
          + ", network " + net.nodes();
      assertEquals(every.computed, fast.computed, what);
      assertEquals(every.peak, fast.peak, what);
      separable += fast.separable ? 1 : 0;
    }
    // random DAGs include unions of boxes that are not separable (a branch a border tile does not
    // need); the shortcut must still be the common path, not one no network takes
    assertTrue(separable > CASES / 2, separable + " of " + CASES + " cases separable");
  }

  /** Every example network's plans take the separable form, and it gives the totals of every tile. */
  @ParameterizedTest
  @ValueSource(strings = {"conf/vgg.yaml", "conf/unet.yaml", "conf/resnet-block.yaml", "conf/attention-head.yaml",
      "conf/depthwise-separable.yaml", "conf/edge-features.yaml", "conf/bench-reference.yaml"})
  void exampleNetworksAreSeparable(String pipeline) {
    Extent input = Extent.of(48, 64, 40);
    NetworkBuilder.Built built = Pipeline.loadAllowingMissingWeights(Path.of(pipeline), Optional.empty(), Map.of(),
        input);
    Network net = built.network();
    Map<String, NodeShape> shapes = built.shapes();
    Extent out = shapes.get(net.outputs().get(0)).extent();
    BoxGrid grid = Box.of(out).grid(Extent.of(Math.max(1, out.x() / 5), Math.max(1, out.y() / 7),
        Math.max(1, out.z() / 3)));
    GridTotals[] both = bothWays(net, shapes, grid);
    GridTotals fast = both[0];
    GridTotals every = both[1];
    assertTrue(fast.separable, pipeline);
    assertEquals(every.computed, fast.computed, pipeline);
    assertEquals(every.peak, fast.peak, pipeline);
  }

  @Test
  void aPlanOfMillionsOfTilesIsPlannedWithoutVisitingThem() {
    Extent huge = Extent.of(6572, 7404, 5711);
    NetworkBuilder.Built built = Pipeline.loadAllowingMissingWeights(Path.of("conf/vgg.yaml"), Optional.empty(),
        Map.of(), huge);
    Network net = built.network();
    Map<String, NodeShape> shapes = built.shapes();
    TilePlan plan = new TilePlanner(net, huge).plan(Extent.cube(16));
    assertTrue(plan.tiles().size() > 1 << 20, "tiles: " + plan.tiles().size());
    Tile last = plan.tiles().get(plan.tiles().size() - 1);
    assertEquals(plan.tiles().size() - 1, last.index());
    assertEquals(shapes.get(net.outputs().get(0)).extent().x(),
        last.outputs().get(net.outputs().get(0)).max(0));
  }

  /** The totals of a grid over the first output, from the separable form and from every tile, as a plan makes them. */
  private static GridTotals[] bothWays(Network net, Map<String, NodeShape> shapes, BoxGrid grid) {
    Extent out = shapes.get(net.outputs().get(0)).extent();
    TileRunner runner = new TileRunner(net, shapes);
    Function<Box, Map<String, Box>> outputs = cell -> {
      Map<String, Box> boxes = new LinkedHashMap<>();
      for (String o : net.outputs()) {
        boxes.put(o, Regions.proportional(cell, out, shapes.get(o).extent()));
      }
      return boxes;
    };
    Function<Box, Map<String, Box>> needed = cell -> Regions.needed(net, shapes, outputs.apply(cell));
    Function<Box, Long> peak = cell -> runner.peakBytes(outputs.apply(cell));
    return new GridTotals[] {GridTotals.of(grid, needed, peak), GridTotals.enumerate(grid, needed, peak)};
  }

  private static long pick(Random random) {
    return SIDES[random.nextInt(SIDES.length)];
  }
}
