package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GlobalOp;
import org.voxtile.volume.Volume;

/**
 * Issue 12's proof: random networks of real ops with 1 to 3 global nodes ({@link GlobalNodes}),
 * random input extents, random tile sizes per stage (1 voxel to larger than the map) and random
 * choices at the cuts (recompute, materialise, cost model): the staged, tiled run equals the
 * whole-volume reference bit for bit. The reference computes every node on its whole map, each
 * global op from one reduction over its whole input ({@link GlobalOp#applyWhole}), so it shares
 * no merging, tiling or staging with the run it checks. Each case prints its seed and network on
 * failure; {@code -Dvoxtile.case=SEED} reruns one, {@code -Dvoxtile.soak=N} runs more.
 */
class StagedTiledEqualsWholeTest {
  private static final int CASES = 400;
  private static final long BASE_SEED = 2026_12_02L;
  private static final long[] SIDES = {1, 2, 3, 4, 5, 6, 7, 9, 11, 13, 16};

  private final Map<String, Integer> ops = new TreeMap<>();
  private final Map<String, Integer> choices = new TreeMap<>();
  private long tiles;
  private int emptyMasks;

  @Test
  void stagedTiledEqualsWholeForRandomNetworksWithGlobalNodes() {
    String one = System.getProperty("voxtile.case");
    if (one != null) {
      check(Long.parseLong(one));
      return;
    }
    int cases = Integer.getInteger("voxtile.soak", CASES);
    for (int i = 0; i < cases; i++) {
      check(BASE_SEED * 1_000_003L + i);
    }
    System.out.printf("staged tiled == whole: %d cases, %d tiles, %d empty masks refused alike, ops %s, cuts %s%n",
        cases, tiles, emptyMasks, ops, choices);
    if (cases >= CASES) {
      for (String global : List.of("instance_norm", "group_norm", "normalize")) {
        assertTrue(ops.containsKey(global), global + " never occurred: " + ops);
      }
      assertTrue(choices.containsKey("RECOMPUTE") && choices.containsKey("MATERIALISE"),
          "both cut choices occur: " + choices);
    }
  }

  private void check(long seed) {
    Random random = new Random(seed);
    Extent input = Extent.of(side(random), side(random), side(random));
    int channels = 1 + random.nextInt(3);
    Network base = RandomNetworks.create(random, input, channels);
    Network net = GlobalNodes.insert(random, base, 1 + random.nextInt(3), input);
    net.nodes().forEach(n -> ops.merge(n.op().name(), 1, Integer::sum));
    Volume scan = scan(input, channels, random);
    CutChoice choice = CutChoice.values()[random.nextInt(3)];
    Map<Integer, Extent> chosen = new HashMap<>();
    StagingOptions options = choice == CutChoice.AUTO
        ? new StagingOptions(Long.MAX_VALUE, 1, random.nextBoolean() ? 0 : Long.MAX_VALUE, CutChoice.AUTO,
            (stage, reference) -> chosen.computeIfAbsent(stage, s -> tile(random, reference)))
        : StagingOptions.fixed((stage, reference) -> chosen.computeIfAbsent(stage, s -> tile(random, reference)),
            choice);
    String what = describe(seed, net, input, choice, chosen);
    Map<String, Volume> expected;
    try {
      expected = everyNodeWhole(net, scan);
    } catch (VoxtileException emptyMask) {
      emptyMasks++;
      VoxtileException e = org.junit.jupiter.api.Assertions.assertThrows(VoxtileException.class,
          () -> run(net, input, options, scan), what);
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("scan 'case'"), e.getMessage());
      return;
    }
    Map<String, Volume> staged;
    StagedPlan plan;
    try {
      plan = new StagedPlanner(net, input).plan(options);
      staged = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "case");
    } catch (RuntimeException e) {
      throw new AssertionError(describe(seed, net, input, choice, chosen) + ": " + e, e);
    }
    plan.stages().forEach(s -> {
      tiles += s.tiles().tiles().size();
      if (s.choice() != null) {
        choices.merge(s.choice().name(), 1, Integer::sum);
      }
    });
    for (String out : net.outputs()) {
      assertArrayEquals(expected.get(out).data(), staged.get(out).data(),
          describe(seed, net, input, choice, chosen) + " output " + out);
    }
  }

  private static Map<String, Volume> run(Network net, Extent input, StagingOptions options, Volume scan) {
    StagedPlan plan = new StagedPlanner(net, input).plan(options);
    return new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "case");
  }

  /** The reference: every node on its whole map; a global op reduces its whole input once. */
  static Map<String, Volume> everyNodeWhole(Network net, Volume scan) {
    Map<String, NodeShape> shapes = net.shapes(scan.extent());
    Map<String, Volume> maps = new HashMap<>();
    maps.put(Network.SOURCE, scan);
    for (Node node : net.nodes()) {
      List<Volume> inputs = node.inputs().stream().map(maps::get).toList();
      maps.put(node.name(), node.op() instanceof GlobalOp g
          ? g.applyWhole(inputs.toArray(new Volume[0]))
          : node.op().compute(inputs, Box.of(shapes.get(node.name()).extent()),
              shapes.get(node.inputs().get(0)).extent()));
    }
    return maps;
  }

  /** Random values with runs of zeros, so that non-zero masks select part of a map (or none). */
  private static Volume scan(Extent extent, int channels, Random random) {
    Volume v = Volume.zeros(Box.of(extent), channels);
    float[] d = v.data();
    double zeros = random.nextInt(3) * 0.3;
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextDouble() < zeros ? 0f : random.nextFloat() * 2 - 1;
    }
    return v;
  }

  private static long side(Random random) {
    return SIDES[random.nextInt(SIDES.length)];
  }

  private static Extent tile(Random random, Extent reference) {
    return Extent.of(tileSide(random, reference.x()), tileSide(random, reference.y()), tileSide(random, reference.z()));
  }

  /** 1, a small size, the whole side, or more than the whole side. */
  private static long tileSide(Random random, long side) {
    return switch (random.nextInt(5)) {
      case 0 -> 1;
      case 1 -> side;
      case 2 -> side + 1 + random.nextInt(5);
      default -> 1 + random.nextInt((int) Math.max(1, side));
    };
  }

  private static String describe(long seed, Network net, Extent input, CutChoice choice, Map<Integer, Extent> tiles) {
    StringBuilder s = new StringBuilder("case seed ").append(seed).append(" (rerun with -Dvoxtile.case=").append(seed)
        .append("): input ").append(input).append(" x ").append(net.inputChannels()).append(", cuts ").append(choice)
        .append(", tiles per stage ").append(tiles).append(", outputs ").append(net.outputs()).append(", nodes:");
    for (Node node : net.nodes()) {
      s.append("\n  ").append(node.name()).append(" = ").append(node.op()).append(" <- ").append(node.inputs());
    }
    return s.toString();
  }
}
