package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Activation;
import org.voxtile.ops.Add;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.Concat;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Normalize;
import org.voxtile.ops.Op;
import org.voxtile.ops.Window;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.volume.Volume;

/**
 * The global ops against their oracles (src/test/python/make_norm_fixtures.py): instance_norm,
 * group_norm and the nnU-Net- and SegResNet-style blocks against PyTorch in float32 (error at most
 * 1e-4 of the largest output), normalize against NumPy in float64 (rounded to float32; at most
 * 1e-6 of the largest output). Every case runs as a one-node or block network through a staged
 * plan with small tiles, materialised and recomputed, so the comparison covers the tiled path;
 * the largest error of each case is printed.
 */
class NormGoldenTest {
  private static final String DIR = "/golden/norm/";
  private final Map<String, int[]> shapes = new HashMap<>();
  private final Map<String, String[]> cases = new LinkedHashMap<>();

  NormGoldenTest() {
    for (String line : new String(bytes("cases.txt"), StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("tensor")) {
        int[] shape = new int[f.length - 3];
        for (int i = 3; i < f.length; i++) {
          shape[i - 3] = Integer.parseInt(f[i]);
        }
        shapes.put(f[1], shape);
      } else if (f[0].equals("case")) {
        cases.put(f[1], f);
      }
    }
  }

  @Test
  void everyCaseMatchesItsOracle() {
    assertTrue(cases.size() >= 19, "cases: " + cases.keySet());
    for (String[] f : cases.values()) {
      Map<String, String> p = new HashMap<>();
      for (int i = 3; i < f.length; i++) {
        p.put(f[i].substring(0, f[i].indexOf('=')), f[i].substring(f[i].indexOf('=') + 1).replace("'", ""));
      }
      List<String> in = List.of(p.get("in").split(","));
      Volume x = volume(in.get(0));
      Network net = network(f[2], in, p, x.channels());
      List<String> names = new ArrayList<>(List.of("x"));
      Volume scan = x;
      if (p.getOrDefault("mask", "").equals("map")) {
        scan = stack(x, volume(in.get(1)));
        names.add("mask");
      }
      float[] expected = volume(f[1] + ".out").data();
      double tolerance = (f[2].equals("normalize") ? 1e-6 : 1e-4) * maxAbs(expected);
      for (CutChoice choice : new CutChoice[] {CutChoice.RECOMPUTE, CutChoice.MATERIALISE}) {
        StagedPlan plan = new StagedPlanner(net, x.extent())
            .plan(StagingOptions.fixed((stage, reference) -> Extent.of(2, 3, 4), choice));
        float[] got = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), f[1]).get("out").data();
        double largest = 0;
        for (int i = 0; i < got.length; i++) {
          largest = Math.max(largest, Math.abs(got[i] - expected[i]));
        }
        if (choice == CutChoice.RECOMPUTE) {
          System.out.printf("golden %-28s largest error %.3g (%.3g of the largest output)%n", f[1], largest,
              largest / maxAbs(expected));
        }
        assertTrue(largest <= tolerance, f[1] + ": largest error " + largest + " > " + tolerance);
        assertArrayEquals(StagedTiledEqualsWholeTest.everyNodeWhole(net, scan).get("out").data(), got, f[1]);
      }
    }
  }

  private Network network(String op, List<String> in, Map<String, String> p, int channels) {
    List<Node> nodes = new ArrayList<>();
    String x = Network.SOURCE;
    switch (op) {
      case "instance_norm" -> {
        boolean affine = Boolean.parseBoolean(p.get("affine"));
        boolean running = Boolean.parseBoolean(p.get("running"));
        float[] w = affine ? floats(in.get(in.size() - 2)) : null;
        float[] b = affine ? floats(in.get(in.size() - 1)) : null;
        nodes.add(new Node("out", running ? new BatchNorm3d(floats(in.get(1)), floats(in.get(2)), w, b, 1e-5f)
            : GroupNorm.instanceNorm(channels, 1e-5, w, b), List.of(x)));
      }
      case "group_norm" -> nodes.add(new Node("out", new GroupNorm(Integer.parseInt(p.get("groups")), channels,
          1e-5, floats(in.get(1)), floats(in.get(2))), List.of(x)));
      case "normalize" -> normalize(p, channels, nodes);
      case "nnunet_block" -> nnunet(nodes);
      case "segresnet_block" -> segresnet(nodes);
      default -> throw new IllegalArgumentException(op);
    }
    boolean map = p.getOrDefault("mask", "").equals("map");
    return new Network(map ? List.of("x", "mask") : List.of("x"), map ? channels + 1 : channels, nodes,
        List.of("out"));
  }

  private static void normalize(Map<String, String> p, int channels, List<Node> nodes) {
    String mask = p.get("mask");
    MaskedVoxels.Rule rule = switch (mask) {
      case "none" -> MaskedVoxels.Rule.ALL;
      case "nonzero" -> MaskedVoxels.Rule.NONZERO;
      default -> MaskedVoxels.Rule.MAP;
    };
    double[] percentiles = doubles(p.get("percentiles"));
    double[] range = doubles(p.get("out_range"));
    Normalize op = new Normalize(Normalize.Method.valueOf(p.get("method").toUpperCase(java.util.Locale.ROOT)),
        channels, rule, percentiles, range[0], range[1], Boolean.parseBoolean(p.get("clip")));
    if (rule == MaskedVoxels.Rule.MAP) {
      nodes.add(new Node("x", new org.voxtile.ops.ChannelSlice(0, channels), List.of(Network.SOURCE)));
      nodes.add(new Node("mask", new org.voxtile.ops.ChannelSlice(channels, 1), List.of(Network.SOURCE)));
      nodes.add(new Node("out", op, List.of("x", "mask")));
    } else {
      nodes.add(new Node("out", op, List.of(Network.SOURCE)));
    }
  }

  private void nnunet(List<Node> nodes) {
    String x = Network.SOURCE;
    x = convNormAct(nodes, "a", x, 2, 4, "nn_c1", "nn_n1", 1);
    x = convNormAct(nodes, "b", x, 4, 4, "nn_c2", "nn_n2", 1);
    String skip = x;
    x = convNormAct(nodes, "d", x, 4, 8, "nn_down", "nn_nd", 2);
    nodes.add(new Node("up", new ConvTranspose3d(8, 4, window(3, 2, 1), Extent.cube(0), 1, floats("nn_up_w"),
        floats("nn_up_b")), List.of(x)));
    nodes.add(new Node("cat", new Concat(), List.of("up", skip)));
    nodes.add(new Node("out", new Conv3d(8, 2, window(1, 1, 0), 1, floats("nn_out_w"), floats("nn_out_b")),
        List.of("cat")));
  }

  private String convNormAct(List<Node> nodes, String name, String x, int in, int out, String conv, String norm,
      int stride) {
    nodes.add(new Node(name + "_conv", new Conv3d(in, out, window(3, stride, 1), 1, floats(conv + "_w"),
        floats(conv + "_b")), List.of(x)));
    nodes.add(new Node(name + "_norm", GroupNorm.instanceNorm(out, 1e-5, floats(norm + "_w"), floats(norm + "_b")),
        List.of(name + "_conv")));
    nodes.add(new Node(name, Activation.leakyRelu(0.01f), List.of(name + "_norm")));
    return name;
  }

  private void segresnet(List<Node> nodes) {
    nodes.add(new Node("stem", conv(2, 16, "sr_stem"), List.of(Network.SOURCE)));
    nodes.add(new Node("g1", new GroupNorm(8, 16, 1e-5, floats("sr_g1_w"), floats("sr_g1_b")), List.of("stem")));
    nodes.add(new Node("r1", Activation.relu(), List.of("g1")));
    nodes.add(new Node("c1", conv(16, 16, "sr_c1"), List.of("r1")));
    nodes.add(new Node("g2", new GroupNorm(8, 16, 1e-5, floats("sr_g2_w"), floats("sr_g2_b")), List.of("c1")));
    nodes.add(new Node("r2", Activation.relu(), List.of("g2")));
    nodes.add(new Node("c2", conv(16, 16, "sr_c2"), List.of("r2")));
    nodes.add(new Node("out", new Add(), List.of("c2", "stem")));
  }

  private Op conv(int in, int out, String name) {
    return new Conv3d(in, out, window(3, 1, 1), 1, floats(name + "_w"), floats(name + "_b"));
  }

  private static Window window(int k, int s, int p) {
    return new Window(Extent.cube(k), Extent.cube(s), Extent.cube(p), Extent.cube(1));
  }

  private static Volume stack(Volume a, Volume b) {
    return new Concat().apply(a, b);
  }

  private static double[] doubles(String csv) {
    return java.util.Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  private Volume volume(String name) {
    int[] s = shapes.get(name);
    return Volume.wrap(Box.of(Extent.of(s[1], s[2], s[3])), s[0], floats(name));
  }

  private static float[] floats(String name) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes(name + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(out);
    return out;
  }

  private static byte[] bytes(String file) {
    try (InputStream in = NormGoldenTest.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + DIR + file
            + " (regenerate with /usr/bin/python3 src/test/python/make_norm_fixtures.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + file, e);
    }
  }
}
