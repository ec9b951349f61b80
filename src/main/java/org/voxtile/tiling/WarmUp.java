package org.voxtile.tiling;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.volume.Volume;

/**
 * Runs a network on a small synthetic tile so that the JIT compiles its kernels before real
 * tiles arrive. The kernels use the Vector API, which only the optimising compiler turns into
 * vector instructions; until it has compiled them, a cold JVM runs them tens of times slower,
 * which cost about 0.9 s of a 2.5 s tile in a fresh JVM on the development machine (the same
 * tile took 1.5 s once compiled). Compiled code belongs to the JVM, not to the objects, so a
 * warm-up in the driver's JVM also serves Spark's local-mode tasks, which run in that JVM.
 *
 * <p>A network with global nodes is warmed up through its staged plan (one tile per stage), so
 * the reductions and the bound ops are compiled as well as the convolutions.
 *
 * <p>The input is seeded noise, not zeros: the compiler keeps the branches it saw taken, and
 * kernels warmed on constant data would be recompiled when real data takes the others.
 */
public final class WarmUp {
  private WarmUp() {}

  /**
   * Computes every output of {@code network} over at most {@code side}^3 voxels of each, from a
   * noise input of {@code inputExtent}, {@code rounds} times.
   *
   * @param shapes the network's node shapes for {@code inputExtent}
   * @return output voxels computed in the last round (all channels)
   */
  public static long run(Network network, Map<String, NodeShape> shapes, Extent inputExtent, long side,
      int rounds) {
    Map<String, Box> requested = new LinkedHashMap<>();
    for (String output : network.outputs()) {
      Extent e = shapes.get(output).extent();
      requested.put(output, Box.of(Extent.of(Math.min(side, e.x()), Math.min(side, e.y()), Math.min(side, e.z()))));
    }
    if (hasGlobalNodes(network)) { // their tiles run through stages: compile the reductions and bound ops too
      StagedPlan plan = new StagedPlanner(network, inputExtent)
          .plan(StagingOptions.fixed((stage, reference) -> reference, CutChoice.MATERIALISE)); // each map once
      Volume input = noise(Box.of(inputExtent), network.inputChannels());
      long voxels = 0;
      for (int round = 0; round < rounds; round++) {
        voxels = 0;
        for (Volume v : new StagedRunner(plan).run(InputSource.of(input), new InMemoryScratch(), "warm-up").values()) {
          voxels += v.box().voxelCount() * v.channels();
        }
      }
      return voxels;
    }
    TileRunner runner = new TileRunner(network, shapes);
    int channels = network.inputChannels();
    InputSource noise = box -> noise(box, channels); // only the boxes the tile reads: never a scan's size
    long voxels = 0;
    for (int round = 0; round < rounds; round++) {
      voxels = 0;
      for (Volume v : runner.run(requested, noise).values()) {
        voxels += v.box().voxelCount() * v.channels();
      }
    }
    return voxels;
  }

  private static boolean hasGlobalNodes(Network network) {
    java.util.Set<String> live = network.live();
    return network.nodes().stream().anyMatch(n -> live.contains(n.name()) && n.op() instanceof org.voxtile.ops.GlobalOp);
  }

  private static Volume noise(Box box, int channels) {
    Volume v = Volume.zeros(box, channels);
    float[] data = v.data();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
