package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.Activation;
import org.voxtile.ops.CropTo;
import org.voxtile.ops.Op;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PadTo;
import org.voxtile.ops.Regridding;
import org.voxtile.ops.Reorient;
import org.voxtile.ops.Resample;
import org.voxtile.volume.AxisOrientation;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * Tiled == whole for preprocessing chains with a network after them: a scan on a random grid
 * ({@link RandomGrids}: any orientation, anisotropic spacing, oblique tilts) goes through 1 to 3
 * {@code reorient} / {@code resample} / {@code crop_to} / {@code pad_to} nodes, each built for the grid the previous one declared,
 * then 1 to 3 layers (convolutions with stride, dilation and padding, pools, activations); the
 * first output is the network's last node, sometimes a preprocessing node is a second output. Each
 * case is cut at three tile sizes (1 voxel on some axis, a random size, larger than the output) and
 * every tiled output must equal the whole-volume result bit for bit. Rerun one case with
 * {@code -Dvoxtile.case=SEED}.
 */
class PreprocessTiledEqualsWholeTest {
  private static final int CASES = 150;
  private static final long BASE_SEED = 2026_12_08L;
  private static final long MAX_SIDE = 36;

  @Test
  void preprocessingChainsThenANetworkAreTheSameTiledAndWhole() {
    String one = System.getProperty("voxtile.case");
    if (one != null) {
      check(Long.parseLong(one));
      return;
    }
    Map<String, Integer> seen = new java.util.TreeMap<>();
    for (int i = 0; i < CASES; i++) {
      check(BASE_SEED * 1_000_003L + i).forEach(name -> seen.merge(name, 1, Integer::sum));
    }
    System.out.println("preprocess tiled == whole: " + CASES + " cases, nodes " + seen);
    assertTrue(seen.getOrDefault("resample0", 0) > 10 && seen.getOrDefault("resample1", 0) > 10
        && seen.getOrDefault("reorient", 0) > 10 && seen.getOrDefault("crop_to", 0) > 10
        && seen.getOrDefault("pad_to", 0) > 10, "every preprocessing op in many cases: " + seen);
  }

  /** Runs one case; returns the kinds of preprocessing node it had. */
  private static List<String> check(long seed) {
    Random random = new Random(seed);
    Extent input = Extent.of(2 + random.nextInt(12), 2 + random.nextInt(12), 2 + random.nextInt(12));
    int channels = 1 + random.nextInt(2);
    List<Node> nodes = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    Grid grid = RandomGrids.grid(random, input);
    String current = Network.SOURCE;
    int preprocessing = 1 + random.nextInt(3);
    String lastPreprocessing = null;
    for (int i = 0; i < preprocessing; i++) {
      Regridding op = switch (random.nextInt(5)) {
        case 0, 1 -> reorient(random, grid);
        case 2, 3 -> resample(random, grid);
        default -> random.nextBoolean() ? cropTo(random, grid) : padTo(random, grid);
      };
      if (op == null) {
        continue;
      }
      String name = "pre" + i;
      nodes.add(new Node(name, op, List.of(current)));
      kinds.add(op instanceof Resample r ? "resample" + r.order() : op.name());
      grid = op.outputGrid();
      current = name;
      lastPreprocessing = name;
    }
    RandomLayers layers = new RandomLayers(random);
    Extent extent = grid.extent();
    int c = channels;
    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
      Op op = switch (random.nextInt(3)) {
        case 0 -> layers.conv(c);
        case 1 -> layers.pool();
        default -> Activation.relu();
      };
      try {
        Extent next = op.outputExtent(extent);
        if (next.isEmpty()) {
          continue;
        }
        c = op.outputChannels(c);
        extent = next;
      } catch (IllegalArgumentException doesNotFit) {
        continue;
      }
      nodes.add(new Node("layer" + i, op, List.of(current)));
      current = "layer" + i;
    }
    if (current.equals(Network.SOURCE)) {
      nodes.add(new Node("relu", Activation.relu(), List.of(current)));
      current = "relu";
    }
    List<String> outputs = new ArrayList<>(List.of(current));
    if (lastPreprocessing != null && !lastPreprocessing.equals(current) && random.nextBoolean()) {
      outputs.add(lastPreprocessing);
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      names.add("in" + i);
    }
    Network net = new Network(names, channels, nodes, outputs);
    Map<String, NodeShape> shapes = net.shapes(input);
    Volume scan = TileRunnerTest.random(input, channels, seed);
    TileRunner runner = new TileRunner(net, shapes);
    Map<String, Box> all = new HashMap<>();
    outputs.forEach(o -> all.put(o, Box.of(shapes.get(o).extent())));
    Map<String, Volume> whole = runner.run(all, InputSource.of(scan));
    Extent out = shapes.get(outputs.get(0)).extent();
    for (Extent tile : List.of(Extent.of(1, 1 + random.nextInt(4), out.z()),
        Extent.of(1 + random.nextInt((int) out.x()), 1 + random.nextInt((int) out.y()), 1 + random.nextInt((int) out.z())),
        Extent.of(out.x() + 3, out.y() + 1, out.z() + 2))) {
      String what = "case seed " + seed + " (rerun with -Dvoxtile.case=" + seed + "): input " + input + " on "
          + describe(nodes) + ", tile " + tile;
      TilePlan plan = new TilePlanner(net, input).plan(tile);
      for (String o : outputs) {
        Volume tiled = Volume.zeros(Box.of(shapes.get(o).extent()), shapes.get(o).channels());
        long covered = 0;
        for (Tile t : plan.tiles()) {
          Volume part = runner.run(t.outputs(), InputSource.of(scan)).get(o);
          Volume.copyRegion(part, tiled, part.box());
          covered += part.box().voxelCount();
        }
        assertEquals(shapes.get(o).extent().voxelCount(), covered, what + ": tiles partition " + o);
        assertArrayEquals(whole.get(o).data(), tiled.data(), what + ": tiled " + o);
      }
    }
    return kinds;
  }

  /** A crop of the grid to a random box, through the property generator's box rule. */
  private static CropTo cropTo(Random random, Grid grid) {
    CropTo box = RandomGrids.cropTo(random, grid.extent());
    return new CropTo(grid, box.box());
  }

  private static PadTo padTo(Random random, Grid grid) {
    Extent e = grid.extent();
    Extent shape = Extent.of(Math.max(1, e.x() - 2 + random.nextInt(6)), Math.max(1, e.y() - 2 + random.nextInt(6)),
        Math.max(1, e.z() - 2 + random.nextInt(6)));
    return new PadTo(grid, shape, random.nextBoolean() ? Pad.Mode.REPLICATE : Pad.Mode.CONSTANT, 0);
  }

  private static Reorient reorient(Random random, Grid grid) {
    String[] codes = {"RAS", "LPS", "LAS", "PIR", "ASL", "SRA", "ILP"};
    return Reorient.to(grid, AxisOrientation.parse(codes[random.nextInt(codes.length)]));
  }

  /** A resampling to 0.5 to 2 times the grid's own voxel sizes, or null when too large for a quick case. */
  private static Resample resample(Random random, Grid grid) {
    double[] sizes = grid.affine().voxelSizes();
    double[] factors = {0.5, 0.7, 1, 1.3, 2};
    double[] spacing = new double[3];
    for (int d = 0; d < 3; d++) {
      spacing[d] = sizes[random.nextInt(3)] * factors[random.nextInt(factors.length)];
    }
    Resample op = Resample.toSpacing(grid, spacing, random.nextInt(2), random.nextBoolean() ? 0 : -1.5f, 1L << 40);
    Extent e = op.outputGrid().extent();
    return e.x() > MAX_SIDE || e.y() > MAX_SIDE || e.z() > MAX_SIDE ? null : op;
  }

  /** The nodes of a case, for its failure message. */
  private static String describe(List<Node> nodes) {
    StringBuilder s = new StringBuilder();
    for (Node n : nodes) {
      s.append("\n  ").append(n.name()).append(" = ").append(n.op()).append(" <- ").append(n.inputs());
    }
    return s.toString();
  }
}
