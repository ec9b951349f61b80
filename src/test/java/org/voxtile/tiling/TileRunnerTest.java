package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.volume.Volume;

class TileRunnerTest {
  static Volume random(Extent extent, int channels, long seed) {
    Volume v = Volume.zeros(Box.of(extent), channels);
    Random r = new Random(seed);
    float[] d = v.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  static Volume stitch(Network net, Extent input, TilePlan plan, Volume scan, String output) {
    TileRunner runner = new TileRunner(net, net.shapes(input));
    Volume whole = Volume.zeros(Box.of(net.shapes(input).get(output).extent()),
        net.shapes(input).get(output).channels());
    for (Tile tile : plan.tiles()) {
      Volume part = runner.run(tile.outputs(), InputSource.of(scan)).get(output);
      assertEquals(tile.outputs().get(output), part.box());
      Volume.copyRegion(part, whole, part.box());
    }
    return whole;
  }

  @Test
  void anActivationOverwritesItsInputOnlyWhenNothingElseReadsIt() {
    // c feeds only a (in place), d feeds b and e (out of place): the same bits either way, and
    // the measured live maps still equal the prediction
    org.voxtile.ops.Conv3d conv = new org.voxtile.ops.Conv3d(2, 3, org.voxtile.ops.Window.of(3, 1, 1, 1), 1,
        randomWeights(2 * 3 * 27, 5), null);
    Network net = new Network(List.of("t1", "t2"), List.of(
        new Node("c", conv, List.of(Network.SOURCE)),
        new Node("a", org.voxtile.ops.Activation.relu(), List.of("c")),
        new Node("d", conv, List.of(Network.SOURCE)),
        new Node("b", org.voxtile.ops.Activation.relu(), List.of("d")),
        new Node("e", org.voxtile.ops.Activation.sigmoid(), List.of("d"))), List.of("a", "b", "e"));
    Extent extent = Extent.of(9, 7, 8);
    Volume scan = random(extent, 2, 6);
    TileRunner runner = new TileRunner(net, net.shapes(extent));
    Map<String, Box> all = Map.of("a", Box.of(extent), "b", Box.of(extent), "e", Box.of(extent));
    Map<String, Volume> out = runner.run(all, InputSource.of(scan));
    assertArrayEquals(out.get("b").data(), out.get("a").data(), "relu in place == relu out of place");
    assertEquals(runner.peakBytes(all), runner.lastPeakBytes());
    Map<String, Volume> withC = runner.run(Map.of("a", Box.of(extent), "c", Box.of(extent)), InputSource.of(scan));
    assertArrayEquals(out.get("a").data(), withC.get("a").data(), "c requested: computed out of place");
    for (float v : withC.get("c").data()) {
      if (v < 0) {
        return; // c kept its negative values: a requested map is never overwritten
      }
    }
    throw new AssertionError("c lost its negative values");
  }

  private static float[] randomWeights(int n, long seed) {
    Random r = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = r.nextFloat() - 0.5f;
    }
    return w;
  }

  @Test
  void tileReadsOnlyItsHaloedInputBox() {
    Network net = new Network(List.of("t1"),
        List.of(new Node("s", new WindowSum(3, 1, 1), List.of(Network.SOURCE))), List.of("s"));
    Volume scan = random(Extent.cube(10), 1, 1);
    List<Box> reads = new ArrayList<>();
    new TileRunner(net, net.shapes(Extent.cube(10)))
        .run(Map.of("s", Box.of(4, 4, 4, 6, 6, 6)), box -> {
          reads.add(box);
          return scan.crop(box);
        });
    assertEquals(List.of(Box.of(3, 3, 3, 7, 7, 7)), reads);
  }

  @Test
  void borderTileReadIsClippedToTheVolume() {
    Network net = new Network(List.of("t1"),
        List.of(new Node("s", new WindowSum(5, 1, 2), List.of(Network.SOURCE))), List.of("s"));
    AtomicLong read = new AtomicLong();
    Volume scan = random(Extent.cube(8), 1, 1);
    new TileRunner(net, net.shapes(Extent.cube(8))).run(Map.of("s", Box.of(0, 0, 0, 2, 8, 8)),
        box -> {
          assertEquals(Box.of(0, 0, 0, 4, 8, 8), box);
          read.addAndGet(box.voxelCount());
          return scan.crop(box);
        });
    assertEquals(4 * 8 * 8, read.get());
  }

  @Test
  void tiledEqualsWholeForRandomChainsWithSkips() {
    long seed = 7_2026_11_28L;
    Random random = new Random(seed);
    for (int trial = 0; trial < 60; trial++) {
      List<Node> nodes = new ArrayList<>();
      String previous = Network.SOURCE;
      int depth = 1 + random.nextInt(4);
      for (int i = 0; i < depth; i++) {
        int k = 1 + random.nextInt(3);
        int s = 1 + random.nextInt(2);
        int p = random.nextInt(k + 1);
        String name = "w" + i;
        nodes.add(new Node(name, new WindowSum(k, s, p), List.of(previous)));
        if (s == 1 && 2 * p == k - 1 && random.nextBoolean()) {
          nodes.add(new Node("r" + i, new Sum(), List.of(name, previous)));
          name = "r" + i;
        }
        previous = name;
      }
      Network net = new Network(List.of("a", "b"), nodes, List.of(previous));
      Extent input = Extent.of(4 + random.nextInt(14), 4 + random.nextInt(14), 1 + random.nextInt(9));
      String what = "seed " + seed + " trial " + trial + " input " + input + " nodes "
          + nodes.stream().map(n -> n.name() + "=" + n.op().name()).toList();
      Extent outExtent;
      try {
        outExtent = net.shapes(input).get(previous).extent();
      } catch (RuntimeException tooSmall) {
        continue;
      }
      if (outExtent.isEmpty()) {
        continue;
      }
      Volume scan = random(input, 2, trial);
      TileRunner runner = new TileRunner(net, net.shapes(input));
      Volume whole = runner.run(Map.of(previous, Box.of(outExtent)), InputSource.of(scan)).get(previous);
      Extent tile = Extent.of(1 + random.nextInt(6), 1 + random.nextInt(6), 1 + random.nextInt(6));
      TilePlan plan = new TilePlanner(net, input).plan(tile);
      Volume tiled = stitch(net, input, plan, scan, previous);
      assertArrayEquals(whole.data(), tiled.data(), what + " tile " + tile);
      assertTrue(plan.haloOverhead() > 0, what);
    }
  }
}
