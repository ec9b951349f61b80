package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.Network;
import org.voxtile.network.Node;

class TilePlannerTest {
  /** Two 3x3x3 'same' layers: halo 2 on every side. */
  private final Network twoConvs = new Network(List.of("t1", "t2"), List.of(
      new Node("c1", new WindowSum(3, 1, 1), List.of(Network.SOURCE)),
      new Node("c2", new WindowSum(3, 1, 1), List.of("c1"))), List.of("c2"));

  @Test
  void tilesPartitionTheOutput() {
    TilePlan plan = new TilePlanner(twoConvs, Extent.of(20, 10, 7)).plan(Extent.cube(8));
    assertEquals(3 * 2 * 1, plan.tiles().size());
    long voxels = plan.tiles().stream().mapToLong(t -> t.outputs().get("c2").voxelCount()).sum();
    assertEquals(20 * 10 * 7, voxels);
    assertEquals(Box.of(16, 8, 0, 20, 10, 7), plan.tiles().get(5).outputs().get("c2"));
  }

  @Test
  void haloIsTheReceptiveFieldRadius() {
    TilePlan plan = new TilePlanner(twoConvs, Extent.cube(40)).plan(Extent.cube(10));
    assertEquals(Halo.uniform(2), plan.inputHalo());
  }

  @Test
  void tileLargerThanVolumeIsOneTileWithoutOverhead() {
    TilePlan plan = new TilePlanner(twoConvs, Extent.of(9, 5, 3)).plan(Extent.cube(1000));
    assertEquals(1, plan.tiles().size());
    assertEquals(Extent.of(9, 5, 3), plan.tileExtent());
    assertEquals(1.0, plan.haloOverhead(), 1e-12);
  }

  @Test
  void overheadCountsRecomputedHalo() {
    // 1-slice tiles along z of a 4-slice volume: output slice z needs c1 slices [z-1, z+2)
    // clipped to [0, 4): 2, 3, 3, 2 slices, where the whole run computes 4
    TilePlan plan = new TilePlanner(twoConvs, Extent.of(6, 6, 4)).plan(Extent.of(6, 6, 1));
    assertEquals((2 + 3 + 3 + 2) / 4.0, plan.overhead("c1"), 1e-12);
    assertEquals(1.0, plan.overhead("c2"), 1e-12);
  }

  @Test
  void peakMemoryCountsInputAndLiveMaps() {
    // an interior tile of 4^3 outputs: the input box (8^3 x 2 channels) is alive while c1
    // (6^3 x 2) is computed; it is freed before c2 (4^3 x 2), so the peak is input + c1
    TilePlan plan = new TilePlanner(twoConvs, Extent.cube(20)).plan(Extent.cube(4));
    long interior = 4L * 2 * (8 * 8 * 8 + 6 * 6 * 6);
    assertEquals(interior, plan.peakBytes());
  }

  @Test
  void budgetChoosesTheLeastOverheadTileThatFits() {
    Extent input = Extent.cube(64);
    TilePlanner planner = new TilePlanner(twoConvs, input);
    TilePlan roomy = planner.planWithinBudget(1L << 30);
    assertEquals(input, roomy.tileExtent(), "the whole volume fits: one tile");
    TilePlan tight = planner.planWithinBudget(600_000);
    assertTrue(tight.peakBytes() <= 600_000, "peak " + tight.peakBytes());
    assertTrue(tight.tiles().size() > 1);
  }

  @Test
  void slotsBalanceTilesOverTheCores() {
    Extent input = Extent.of(181, 217, 181);
    TilePlanner planner = new TilePlanner(twoConvs, input);
    TilePlan one = planner.planWithinBudget(1L << 30, 1);
    assertEquals(1, one.tiles().size(), "one core: the whole volume, no halo");
    TilePlan two = planner.planWithinBudget(1L << 30, 2);
    assertEquals(2, two.tiles().size(), "two cores: two equal halves, not one idle core");
    TilePlan four = planner.planWithinBudget(1L << 30, 4);
    assertEquals(4, four.tiles().size());
    assertTrue(four.haloOverhead() < 1.2, "overhead " + four.haloOverhead());
  }

  @Test
  void budgetTooSmallForAnyTileSaysWhatItNeeds() {
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> new TilePlanner(twoConvs, Extent.cube(64)).planWithinBudget(100));
    assertTrue(e.getMessage().contains("--memory-per-task"), e.getMessage());
  }

  @Test
  void refusesANetworkWithAGlobalOpSayingWhy() {
    Network net = new Network(List.of("t1"), List.of(
        new Node("c1", new WindowSum(3, 1, 1), List.of(Network.SOURCE)),
        new Node("norm", new GlobalMean(Extent.cube(16)), List.of("c1")),
        new Node("c2", new WindowSum(3, 1, 1), List.of("norm"))), List.of("c2"));
    VoxtileException e = assertThrows(VoxtileException.class, () -> new TilePlanner(net, Extent.cube(16)));
    assertTrue(e.getMessage().contains("node 'norm' (global_mean) cannot be tiled exactly")
        && e.getMessage().contains("mean of the whole input map"), e.getMessage());
  }

  @Test
  void aGlobalOpNoOutputNeedsIsNoObstacle() {
    Network net = new Network(List.of("t1"), List.of(
        new Node("c1", new WindowSum(3, 1, 1), List.of(Network.SOURCE)),
        new Node("unused", new GlobalMean(Extent.cube(16)), List.of("c1"))), List.of("c1"));
    assertEquals(8, new TilePlanner(net, Extent.cube(16)).plan(Extent.cube(8)).tiles().size());
  }
}
