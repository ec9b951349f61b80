package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Interpolate;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/** interpolate in the tiling engine: jumps, alignment and tiles of decoder and fractional networks. */
class InterpolateTilingTest {
  private static final Extent INPUT = Extent.of(20, 17, 12);

  private static Interpolate scaled(double s, Interpolate.Mode mode, Extent input) {
    return Interpolate.byScale(new double[] {s, s, s}, mode, false, false).forInput(input);
  }

  /** a: pool-like 2x downsampling by interpolate, b: window sum 3, c: upsampling by 2. */
  private static Network decoder(Interpolate.Mode mode) {
    Extent half = Extent.of(10, 8, 6);
    return new Network(List.of("t1"), List.of(
        new Node("a", scaled(0.5, Interpolate.Mode.NEAREST, INPUT), List.of(Network.SOURCE)),
        new Node("b", new WindowSum(3, 1, 1), List.of("a")),
        new Node("c", scaled(2, mode, half), List.of("b"))), List.of("c"));
  }

  @Test
  void anUpsamplingBy2HalvesTheJumpAndAlignsTilesTo2() {
    Network net = decoder(Interpolate.Mode.TRILINEAR);
    assertArrayEquals(new double[] {2, 2, 2}, ReceptiveField.of(net, "b").jump());
    assertArrayEquals(new double[] {1, 1, 1}, ReceptiveField.of(net, "c").jump());
    assertEquals(Extent.cube(2), new TilePlanner(net, INPUT).alignment());
  }

  @Test
  void fractionalFactorsHaveExactJumpsAndAlignToTheirCeiling() {
    // 1 / 0.7 = 10 / 7 input voxels per voxel of a; back up by 1.3 to b: jump 10 / 7 / 1.3 = 100 / 91
    Op down = scaled(0.7, Interpolate.Mode.TRILINEAR, INPUT);
    Extent mid = down.outputExtent(INPUT);
    Network net = new Network(List.of("t1"), List.of(
        new Node("a", down, List.of(Network.SOURCE)),
        new Node("b", scaled(1.3, Interpolate.Mode.NEAREST_EXACT, mid), List.of("a"))), List.of("b"));
    assertArrayEquals(new double[] {10.0 / 7, 10.0 / 7, 10.0 / 7}, ReceptiveField.of(net, "a").jump(), 1e-12);
    assertArrayEquals(new double[] {100.0 / 91, 100.0 / 91, 100.0 / 91}, ReceptiveField.of(net, "b").jump(), 1e-5);
    // a's voxels are 1.3 voxels of b: tiles start at multiples of 2, and stay exact at any start
    assertEquals(Extent.cube(2), new TilePlanner(net, INPUT).alignment());
    assertTiledEqualsWhole(net, Extent.of(3, 5, 2));
  }

  @Test
  void tilesOfADecoderEqualTheWholeBitForBit() {
    for (Interpolate.Mode mode : Interpolate.Mode.values()) {
      for (Extent tile : List.of(Extent.cube(1), Extent.of(4, 6, 2), Extent.of(7, 3, 5))) {
        assertTiledEqualsWhole(decoder(mode), tile);
      }
    }
  }

  private static void assertTiledEqualsWhole(Network net, Extent tile) {
    Volume scan = TileRunnerTest.random(INPUT, 1, 7);
    var shapes = net.shapes(INPUT);
    String out = net.outputs().get(0);
    TileRunner runner = new TileRunner(net, shapes);
    Volume whole = runner.run(Map.of(out, Box.of(shapes.get(out).extent())), InputSource.of(scan)).get(out);
    Volume tiled = Volume.zeros(whole.box(), whole.channels());
    for (Tile t : new TilePlanner(net, INPUT).plan(tile).tiles()) {
      Volume part = runner.run(t.outputs(), InputSource.of(scan)).get(out);
      Volume.copyRegion(part, tiled, part.box());
    }
    assertArrayEquals(whole.data(), tiled.data(), net.nodes() + " in tiles of " + tile);
  }
}
