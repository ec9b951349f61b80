package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.AdaptivePool3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.Window;

class ReceptiveFieldTest {
  private static Network chain(WindowSum... layers) {
    List<Node> nodes = new java.util.ArrayList<>();
    String previous = Network.SOURCE;
    for (int i = 0; i < layers.length; i++) {
      nodes.add(new Node("l" + i, layers[i], List.of(previous)));
      previous = "l" + i;
    }
    return new Network(List.of("t1"), nodes, List.of(previous));
  }

  @Test
  void chainFollowsTheRecurrence() {
    // r_l = r_{l-1} + (k_l - 1) * j_{l-1}, j_l = j_{l-1} * s_l, r_0 = 1, j_0 = 1:
    // k3 s1: r = 1 + 2*1 = 3, j = 1; k3 s2: r = 3 + 2*1 = 5, j = 2; k3 s1: r = 5 + 2*2 = 9, j = 2
    Network net = chain(new WindowSum(3, 1, 1), new WindowSum(3, 2, 1), new WindowSum(3, 1, 1));
    assertEquals(Extent.cube(3), ReceptiveField.of(net, "l0").size());
    assertEquals(Extent.cube(5), ReceptiveField.of(net, "l1").size());
    ReceptiveField last = ReceptiveField.of(net, "l2");
    assertEquals(Extent.cube(9), last.size());
    assertArrayEquals(new double[] {2, 2, 2}, last.jump());
  }

  @Test
  void paddingDoesNotChangeTheField() {
    ReceptiveField valid = ReceptiveField.of(chain(new WindowSum(5, 2, 0)), "l0");
    ReceptiveField same = ReceptiveField.of(chain(new WindowSum(5, 2, 2)), "l0");
    assertEquals(Extent.cube(5), valid.size());
    assertEquals(valid.size(), same.size());
    assertArrayEquals(valid.jump(), same.jump());
  }

  @Test
  void plannerAlignsTilesToTheCoarsestMap() {
    Network net = chain(new WindowSum(2, 2, 0), new WindowSum(2, 2, 0), new WindowSum(3, 1, 1));
    // the output is at 1/4 resolution and nothing is coarser: no alignment needed
    assertEquals(Extent.cube(1), new TilePlanner(net, Extent.cube(64)).alignment());
  }

  private static Network twoLayers(org.voxtile.ops.Op first, org.voxtile.ops.Op second) {
    return new Network(List.of("t1"), List.of(
        new Node("a", first, List.of(Network.SOURCE)),
        new Node("b", second, List.of("a"))), List.of("b"));
  }

  @Test
  void replicatePaddingShiftsLikeConstantPaddingOnTheUnboundedGrid() {
    // pad 2 (replicate) then k3: the pad moves the window, it does not widen it: r = 3, j = 1.
    // Asking the bound op at far positions would clamp them to its last voxel (r = 1, j = 0).
    Pad pad = new Pad(Halo.uniform(2), Pad.Mode.REPLICATE, 0).forInput(Extent.cube(6));
    ReceptiveField field = ReceptiveField.of(twoLayers(pad, new WindowSum(3, 1, 0)), "b");
    assertEquals(Extent.cube(3), field.size());
    assertArrayEquals(new double[] {1, 1, 1}, field.jump());
  }

  @Test
  void adaptivePoolBinsRepeatWithWidthNOverO() {
    // adaptive pool of 10 x 12 x 7 to 3 x 4 x 7: bins [floor(i n / o), ceil((i + 1) n / o)),
    // widest 4 (x: [3, 7)), 3 (y: [0, 3)), 1 (z); jump n / o = 10/3, 3, 1
    AdaptivePool3d pool = new AdaptivePool3d(Extent.of(3, 4, 7), PoolMode.MAX).forInput(Extent.of(10, 12, 7));
    ReceptiveField field = ReceptiveField.of(twoLayers(new WindowSum(1, 1, 0), pool), "b");
    assertEquals(Extent.of(4, 3, 1), field.size());
    assertArrayEquals(new double[] {10.0 / 3, 3, 1}, field.jump());
  }

  @Test
  void transposedConvolutionHalvesTheJump() {
    // k2 s2 down (r = 2, j = 2), then conv_transpose k2 s2: each up voxel reads one down voxel,
    // so r stays 2 and j = 2 / 2 = 1; then k3 s1: three neighbouring up voxels always span two
    // down voxels (u - 1 and u + 1 fall in neighbouring pairs), so r = 2 * 2 = 4
    Network net = new Network(List.of("t1"), List.of(
        new Node("down", new WindowSum(2, 2, 0), List.of(Network.SOURCE)),
        new Node("up", upsampling(), List.of("down")),
        new Node("c", new WindowSum(3, 1, 1), List.of("up"))), List.of("c"));
    assertArrayEquals(new double[] {1, 1, 1}, ReceptiveField.of(net, "up").jump());
    assertEquals(Extent.cube(2), ReceptiveField.of(net, "up").size());
    assertEquals(Extent.cube(4), ReceptiveField.of(net, "c").size());
    Network up = new Network(List.of("t1"),
        List.of(new Node("up", upsampling(), List.of(Network.SOURCE))), List.of("up"));
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, ReceptiveField.of(up, "up").jump());
    assertEquals(Extent.cube(1), ReceptiveField.of(up, "up").size());
  }

  private static ConvTranspose3d upsampling() {
    return new ConvTranspose3d(1, 1, new Window(Extent.cube(2), Extent.cube(2), Extent.cube(0), Extent.cube(1)),
        Extent.cube(0), 1, new float[8], null);
  }

  @Test
  void voxelsThatDependOnNoInputAreAllowed() {
    // regression (found by TiledEqualsWholePropertyTest): conv_transpose k2 s3 writes output
    // voxels 3q and 3q + 1 from input q; every third voxel is bias only and depends on nothing
    ConvTranspose3d gaps = new ConvTranspose3d(1, 1,
        new Window(Extent.cube(2), Extent.cube(3), Extent.cube(0), Extent.cube(1)), Extent.cube(0), 1,
        new float[8], new float[] {1});
    Network net = new Network(List.of("t1"),
        List.of(new Node("up", gaps, List.of(Network.SOURCE))), List.of("up"));
    ReceptiveField field = ReceptiveField.of(net, "up");
    assertEquals(Extent.cube(1), field.size());
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, field.jump());
    // input 4 -> output (4 - 1) * 3 + 2 = 11; the centre tile of 1 voxel, 5 = 3 * 1 + 2, is a gap
    TilePlan plan = new TilePlanner(net, Extent.cube(4)).plan(Extent.cube(1));
    assertEquals(11 * 11 * 11, plan.tiles().size());
    assertEquals(Halo.NONE, plan.inputHalo());
  }
}
