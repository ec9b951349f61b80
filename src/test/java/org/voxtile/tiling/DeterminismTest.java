package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.network.Pipeline;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/**
 * Determinism building blocks of a run, without Spark: the same input and weights give the same
 * bits whatever the tile size and whatever the number of threads the ops use. Neither
 * {@link TileRunner} nor the network builder picks a thread count (ops are built with one thread;
 * {@code withThreads} is the only way to change it), and an op's threads split output rows or
 * planes, never one voxel's sum, so every combination must equal the single-threaded
 * whole-volume run bit for bit (raw float bits: -0.0 and NaN payloads included).
 */
class DeterminismTest {
  static final int[] THREADS = {1, 2, 3, 5};

  @TempDir Path dir;

  /** The same network with every op that takes a thread count running on {@code threads}. */
  static Network withThreads(Network net, int threads) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : net.nodes()) {
      nodes.add(new Node(node.name(), threaded(node.op(), threads), node.inputs()));
    }
    return new Network(net.inputNames(), net.inputChannels(), nodes, net.outputs());
  }

  private static Op threaded(Op op, int threads) {
    if (op instanceof Conv3d c) {
      return c.withThreads(threads);
    } else if (op instanceof ConvTranspose3d c) {
      return c.withThreads(threads);
    } else if (op instanceof MaxPool3d p) {
      return p.withThreads(threads);
    } else if (op instanceof AvgPool3d p) {
      return p.withThreads(threads);
    } else if (op instanceof Activation a) {
      return a.withThreads(threads);
    }
    return op;
  }

  /** Every output of {@code net}, stitched from the tiles of {@code tile}. */
  static Map<String, Volume> tiled(Network net, Extent input, Volume scan, Extent tile) {
    Map<String, NodeShape> shapes = net.shapes(input);
    TileRunner runner = new TileRunner(net, shapes);
    Map<String, Volume> out = new HashMap<>();
    for (String name : net.outputs()) {
      out.put(name, Volume.zeros(Box.of(shapes.get(name).extent()), shapes.get(name).channels()));
    }
    for (Tile t : new TilePlanner(net, input).plan(tile).tiles()) {
      runner.run(t.outputs(), InputSource.of(scan)).forEach((name, part) ->
          Volume.copyRegion(part, out.get(name), part.box()));
    }
    return out;
  }

  static void assertSameBits(Volume expected, Volume actual, String what) {
    assertEquals(expected.box(), actual.box(), what);
    float[] a = expected.data();
    float[] b = actual.data();
    assertEquals(a.length, b.length, what);
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        fail(what + ": voxel " + i + " is " + b[i] + ", expected " + a[i] + " (bit for bit)");
      }
    }
  }

  @Test
  void unetGivesTheSameBitsForEveryTileSizeAndThreadCount() {
    Extent input = Extent.of(12, 14, 10);
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf/unet.yaml"), Optional.empty(), Map.of(), input);
    Volume scan = TileRunnerTest.random(input, 2, 7);
    Network net = built.network();
    Volume reference = tiled(net, input, scan, input).get("out");
    for (int threads : THREADS) {
      Network threadedNet = withThreads(net, threads);
      for (Extent tile : List.of(Extent.of(2, 2, 2), Extent.of(4, 6, 2), Extent.of(7, 5, 3), Extent.of(6, 14, 5),
          input, Extent.of(64, 64, 64))) {
        assertSameBits(reference, tiled(threadedNet, input, scan, tile).get("out"),
            "unet, " + threads + " threads, tile " + tile);
      }
    }
  }

  @Test
  void savedWeightsReloadedGiveTheSameBits() {
    Extent input = Extent.of(12, 10, 8);
    NetworkBuilder.Built seeded = Pipeline.load(Path.of("conf/unet.yaml"), Optional.empty(), Map.of(), input);
    Path weights = dir.resolve("unet.safetensors");
    Pipeline.saveWeights(seeded, weights);
    NetworkBuilder.Built reloaded = Pipeline.load(Path.of("conf/unet.yaml"), Optional.of(weights), Map.of(), input);
    Volume scan = TileRunnerTest.random(input, 2, 11);
    assertSameBits(tiled(seeded.network(), input, scan, input).get("out"),
        tiled(withThreads(reloaded.network(), 3), input, scan, Extent.of(4, 4, 4)).get("out"),
        "seeded init vs its --save-weights file, tiled on 3 threads");
  }

  /** Random networks of every op (as the tiled == whole property), now also on several threads. */
  @Test
  void randomNetworksGiveTheSameBitsOnAnyThreadCount() {
    for (int i = 0; i < 150; i++) {
      long seed = 2026_11_28L * 7919 + i;
      Random random = new Random(seed);
      Extent input = Extent.of(1 + random.nextInt(14), 1 + random.nextInt(14), 1 + random.nextInt(14));
      int channels = 1 + random.nextInt(3);
      Network net = RandomNetworks.create(random, input, channels);
      Volume scan = TileRunnerTest.random(input, channels, seed);
      Map<String, Volume> reference = tiled(net, input, scan, Extent.of(64, 64, 64));
      int threads = THREADS[1 + random.nextInt(THREADS.length - 1)];
      Extent tile = Extent.of(1 + random.nextInt(6), 1 + random.nextInt(6), 1 + random.nextInt(6));
      Map<String, Volume> other = tiled(withThreads(net, threads), input, scan, tile);
      for (String out : net.outputs()) {
        assertSameBits(reference.get(out), other.get(out), "seed " + seed + ", input " + input + ", " + threads
            + " threads, tile " + tile + ", output " + out + ", network " + net.nodes());
      }
    }
  }
}
