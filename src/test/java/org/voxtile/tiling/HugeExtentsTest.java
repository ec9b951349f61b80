package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.NodeShape;
import org.voxtile.network.Pipeline;

/**
 * Planning at the new limits without allocating a voxel: axes and products past 2^31, up to 2^40
 * voxels per scan, plans of millions of tiles, and every count, index and byte total exact.
 */
class HugeExtentsTest {
  private static final long LIMIT = 1L << 40;

  @Test
  void proportionalBoxesStayExactPastSixtyFourBitProducts() {
    Random random = new Random(2026_12_08L);
    for (int c = 0; c < 10_000; c++) {
      long from = 1 + (random.nextLong() >>> 23); // up to 2^41
      long to = 1 + (random.nextLong() >>> 23);
      long at = Math.floorMod(random.nextLong(), from + 1);
      BigInteger exact = BigInteger.valueOf(at).multiply(BigInteger.valueOf(to)).divide(BigInteger.valueOf(from));
      assertEquals(exact.longValueExact(), Regions.scaledFloor(at, to, from), at + " * " + to + " / " + from);
    }
    assertEquals(-2, Regions.scaledFloor(-4, 1L << 40, 3L << 40)); // floor, not truncation
    assertEquals(-1L << 23, Regions.scaledFloor(-1L << 40, 1L << 40, 1L << 57));
  }

  @Test
  void gridCellsPastTwoToTheTwentyAreTheCellsOfTheirPosition() {
    Box bounds = Box.of(Extent.of(3L << 30, 7, 5)); // 1.5 10^10 voxels, an x axis past 2^31
    BoxGrid grid = bounds.grid(Extent.of(3000, 3, 2));
    Extent counts = grid.cellCounts();
    assertTrue(grid.size() > 1 << 20);
    Random random = new Random(5);
    for (int c = 0; c < 1000; c++) {
      int index = random.nextInt(grid.size());
      long i = index % counts.x();
      long j = (index / counts.x()) % counts.y();
      long k = index / (counts.x() * counts.y());
      Box cell = grid.get(index);
      assertEquals(grid.cell(i, j, k), cell);
      assertTrue(bounds.contains(cell) && !cell.isEmpty(), cell.toString());
    }
    assertEquals(bounds.max(0), grid.get(grid.size() - 1).max(0));
  }

  /**
   * Random extents of up to 2^40 voxels (thin slabs with axes past 2^31 among them) through a real
   * network with tiles small enough for millions of them: the plan's counts match what its grid
   * and halo imply, exactly.
   */
  @Test
  void plansOfHugeExtentsCountExactly() {
    Random random = new Random(2026_12_09L);
    for (int c = 0; c < 6; c++) {
      // an axis of 2^31 to 2^36 voxels, the others filling up to 2^40 voxels in all
      long x = (1L << 31) + (random.nextLong() >>> (28 + random.nextInt(5)));
      long y = 16 + random.nextInt((int) Math.max(1, Math.min(1 << 12, LIMIT / x / 16 - 16)));
      long z = 16 + random.nextInt((int) Math.max(1, Math.min(1 << 12, LIMIT / x / y - 16)));
      Extent input = Extent.of(x, y, z);
      NetworkBuilder.Built built = Pipeline.loadAllowingMissingWeights(Path.of("conf/edge-features.yaml"),
          Optional.empty(), Map.of(), input);
      Network net = built.network();
      Map<String, NodeShape> shapes = built.shapes();
      Extent out = shapes.get(net.outputs().get(0)).extent();
      // about 2^21 tiles, most of them along the long axis
      Extent tile = Extent.of(Math.max(1, out.x() / 8192), Math.max(1, out.y() / 16), Math.max(1, out.z() / 16));
      TilePlan plan = new TilePlanner(net, input).plan(tile);
      assertTrue(plan.tiles().size() > 1 << 20, plan.tiles().size() + " tiles");
      String what = "input " + input + ", tile " + tile + ", " + plan.tiles().size() + " tiles";
      long source = plan.computedPerNode().get(Network.SOURCE);
      assertTrue(source >= input.voxelCount(), what + ": every input voxel is read at least once");
      // each tile reads its own cells plus at most the interior halo: an upper bound from the grid
      BoxGrid grid = Box.of(out).grid(plan.tileExtent());
      long bound = 1;
      for (int d = 0; d < 3; d++) {
        long halo = plan.inputHalo().lower().get(d) + plan.inputHalo().upper().get(d);
        bound = Math.multiplyExact(bound, input.get(d) + grid.cellCounts().get(d) * halo);
      }
      assertTrue(source <= bound, what + ": read " + source + " > " + bound);
      assertTrue(plan.peakBytes() > 0 && plan.haloOverhead() >= 1.0, what);
      long bytes = shapes.get(Network.SOURCE).bytes(source);
      assertEquals(source * 4 * shapes.get(Network.SOURCE).channels(), bytes, what);
      Tile last = plan.tiles().get(plan.tiles().size() - 1);
      assertEquals(out.x(), last.outputs().get(net.outputs().get(0)).max(0), what);
    }
  }
}
