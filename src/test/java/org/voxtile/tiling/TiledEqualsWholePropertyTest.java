package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.network.OpRegistry;
import org.voxtile.ops.GlobalOp;
import org.voxtile.volume.Volume;

/**
 * The proof: for random networks of real ops ({@link RandomNetworks}) over random input
 * extents (1-voxel-thin, odd, prime) and random tile sizes (1, odd, larger than the volume), the
 * stitched tiles of {@link TilePlanner} + {@link TileRunner} equal the whole-network result bit
 * for bit, and so does the runner's whole-volume run against computing every node on its whole
 * map. Each case has its own seed, printed with the network on failure; one case reruns with
 * {@code -Dvoxtile.case=SEED}. CI runs {@value #CASES} cases; {@code -Dvoxtile.soak=5000} runs more.
 */
class TiledEqualsWholePropertyTest {
  private static final int CASES = 1000;
  private static final long BASE_SEED = 2026_11_28L;
  private static final long[] TILES = {0};
  private static final long[] THIN = {0};
  private static final Map<String, Integer> OPS = new HashMap<>();
  private static final Set<String> FEATURES = new TreeSet<>();
  /** What {@value #CASES} cases must exercise besides every registered op. */
  private static final Set<String> EXPECTED_FEATURES = Set.of("stride", "dilation", "groups", "ceil_mode",
      "pad constant", "pad replicate", "multi-input", "multi-output", "mul broadcast", "interpolate nearest",
      "interpolate nearest-exact", "interpolate trilinear", "interpolate trilinear align_corners",
      "resample order 0", "resample order 1", "resample oblique");
  private static final long[] SIDES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17};

  @Test
  void tiledEqualsWholeForRandomNetworksExtentsAndTiles() {
    String one = System.getProperty("voxtile.case");
    if (one != null) {
      check(Long.parseLong(one));
      return;
    }
    int cases = Integer.getInteger("voxtile.soak", CASES);
    for (int i = 0; i < cases; i++) {
      check(BASE_SEED * 1_000_003L + i);
    }
    System.out.printf("tiled == whole: %d cases, %d tiles, %d thin inputs, ops used %s%n", cases, TILES[0],
        THIN[0], new java.util.TreeMap<>(OPS));
    if (cases >= CASES) {
      Set<String> expected = localOps();
      expected.addAll(EXPECTED_FEATURES);
      expected.removeAll(FEATURES);
      assertEquals(Set.of(), expected, "ops and features no case exercised (seen: " + FEATURES + ")");
      assertTrue(THIN[0] > 0, "no 1-voxel-thin input");
    }
  }

  @Test
  void everyRegisteredOpHasAGenerator() {
    assertEquals(localOps(), new TreeSet<>(RandomNetworks.GENERATORS.keySet()));
  }

  /**
   * The registered ops a single-stage plan computes; the global ones (instance_norm, group_norm,
   * normalize) need a staged plan and are exercised by {@link StagedTiledEqualsWholeTest}.
   */
  static Set<String> localOps() {
    Set<String> local = new TreeSet<>();
    for (String name : OpRegistry.names()) {
      if (!GlobalOp.class.isAssignableFrom(OpRegistry.opClass(name).orElseThrow())) {
        local.add(name);
      }
    }
    return local;
  }

  /** Runs one case: whole (two ways) and tiled, all outputs. */
  private static void check(long seed) {
    Random random = new Random(seed);
    Extent input = Extent.of(side(random), side(random), side(random));
    int inputChannels = 1 + random.nextInt(3);
    Network net = RandomNetworks.create(random, input, inputChannels);
    net.nodes().forEach(n -> OPS.merge(n.op().name(), 1, Integer::sum));
    FEATURES.addAll(NetworkVariety.features(net));
    THIN[0] += input.x() == 1 || input.y() == 1 || input.z() == 1 ? 1 : 0;
    Map<String, NodeShape> shapes;
    try {
      shapes = net.shapes(input);
    } catch (RuntimeException cannotHappen) {
      throw new AssertionError(describe(seed, net, input, null) + ": " + cannotHappen.getMessage(), cannotHappen);
    }
    Volume scan = TileRunnerTest.random(input, inputChannels, seed);
    Map<String, Volume> full = everyNodeWhole(net, shapes, scan);
    Map<String, Box> all = new HashMap<>();
    for (String out : net.outputs()) {
      all.put(out, Box.of(shapes.get(out).extent()));
    }
    TileRunner runner = new TileRunner(net, shapes);
    Map<String, Volume> whole = runner.run(all, InputSource.of(scan));
    Extent outExtent = shapes.get(net.outputs().get(0)).extent();
    Extent tile = Extent.of(tileSide(random, outExtent.x()), tileSide(random, outExtent.y()),
        tileSide(random, outExtent.z()));
    String what = describe(seed, net, input, tile);
    TilePlan plan;
    try {
      plan = new TilePlanner(net, input).plan(tile);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": " + e, e);
    }
    TILES[0] += plan.tiles().size();
    for (String out : net.outputs()) {
      assertArrayEquals(full.get(out).data(), whole.get(out).data(), what + " whole run of " + out);
      Volume tiled = Volume.zeros(Box.of(shapes.get(out).extent()), shapes.get(out).channels());
      long covered = 0;
      for (Tile t : plan.tiles()) {
        Volume part;
        try {
          part = runner.run(t.outputs(), InputSource.of(scan)).get(out);
        } catch (RuntimeException e) {
          throw new AssertionError(what + " tile " + t + ": " + e, e);
        }
        assertEquals(t.outputs().get(out), part.box(), what);
        Volume.copyRegion(part, tiled, part.box());
        covered += part.box().voxelCount();
      }
      assertEquals(shapes.get(out).extent().voxelCount(), covered, what + " tiles partition " + out);
      assertArrayEquals(whole.get(out).data(), tiled.data(), what + " tiled " + out);
    }
  }

  /** The reference: every node computed on its whole map, op by op, no region logic involved. */
  private static Map<String, Volume> everyNodeWhole(Network net, Map<String, NodeShape> shapes, Volume scan) {
    Map<String, Volume> maps = new HashMap<>();
    maps.put(Network.SOURCE, scan);
    for (Node node : net.nodes()) {
      List<Volume> inputs = node.inputs().stream().map(maps::get).toList();
      maps.put(node.name(), node.op().compute(inputs, Box.of(shapes.get(node.name()).extent()),
          shapes.get(node.inputs().get(0)).extent()));
    }
    return maps;
  }

  private static long side(Random random) {
    return SIDES[random.nextInt(SIDES.length)];
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

  private static String describe(long seed, Network net, Extent input, Extent tile) {
    StringBuilder s = new StringBuilder("case seed ").append(seed).append(" (rerun with -Dvoxtile.case=")
        .append(seed).append("): input ").append(input).append(" x ").append(net.inputChannels())
        .append(tile == null ? "" : ", tile " + tile).append(", outputs ").append(net.outputs()).append(", nodes:");
    for (Node node : net.nodes()) {
      s.append("\n  ").append(node.name()).append(" = ").append(node.op()).append(" <- ").append(node.inputs());
    }
    return s.toString();
  }
}
