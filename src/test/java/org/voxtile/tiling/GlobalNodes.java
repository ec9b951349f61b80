package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Normalize;
import org.voxtile.ops.Op;
import org.voxtile.stats.MaskedVoxels;

/**
 * Puts random global nodes (instance norm, group norm, normalize with every method and mask
 * kind) into a network of {@link RandomNetworks}: each goes right after a random node (or the
 * scan input) and takes over all its readers, so global nodes land inside chains, residual
 * branches and skips.
 */
final class GlobalNodes {
  private GlobalNodes() {}

  /** {@code network} with {@code count} global nodes inserted at random places. */
  static Network insert(Random random, Network network, int count, org.voxtile.geometry.Extent input) {
    Network net = network;
    for (int i = 0; i < count; i++) {
      net = insertOne(random, net, input, "g" + i);
    }
    return net;
  }

  private static Network insertOne(Random random, Network net, org.voxtile.geometry.Extent input, String name) {
    Map<String, NodeShape> shapes = net.shapes(input);
    List<Node> nodes = net.nodes();
    int at = random.nextInt(nodes.size() + 1) - 1; // -1: after the scan input
    String target = at < 0 ? Network.SOURCE : nodes.get(at).name();
    NodeShape shape = shapes.get(target);
    List<String> earlier = new ArrayList<>();
    earlier.add(Network.SOURCE);
    for (int i = 0; i <= at; i++) {
      earlier.add(nodes.get(i).name());
    }
    List<String> inputs = new ArrayList<>(List.of(target));
    Op op = op(random, shape, shapes, earlier, inputs);
    List<Node> out = new ArrayList<>();
    if (at < 0) {
      out.add(new Node(name, op, inputs));
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (i > at) {
        List<String> in = n.inputs().stream().map(s -> s.equals(target) ? name : s).toList();
        n = new Node(n.name(), n.op(), in);
      }
      out.add(n);
      if (i == at) {
        out.add(new Node(name, op, inputs));
      }
    }
    List<String> outputs = net.outputs().stream()
        .map(o -> o.equals(target) && random.nextBoolean() ? name : o).distinct().toList();
    return new Network(net.inputNames(), net.inputChannels(), out, outputs);
  }

  private static Op op(Random random, NodeShape shape, Map<String, NodeShape> shapes, List<String> earlier,
      List<String> inputs) {
    int c = shape.channels();
    switch (random.nextInt(4)) {
      case 0:
        return GroupNorm.instanceNorm(c, 1e-5, random.nextBoolean() ? floats(random, c) : null,
            random.nextBoolean() ? floats(random, c) : null);
      case 1:
        List<Integer> divisors = new ArrayList<>();
        for (int g = 1; g <= c; g++) {
          if (c % g == 0) {
            divisors.add(g);
          }
        }
        return new GroupNorm(divisors.get(random.nextInt(divisors.size())), c, 1e-5, floats(random, c),
            floats(random, c));
      default:
        MaskedVoxels.Rule rule = MaskedVoxels.Rule.values()[random.nextInt(3)];
        if (rule == MaskedVoxels.Rule.MAP) {
          List<String> masks = earlier.stream().filter(m -> shapes.get(m).extent().equals(shape.extent())
              && (shapes.get(m).channels() == 1 || shapes.get(m).channels() == c)).toList();
          inputs.add(masks.get(random.nextInt(masks.size())));
        }
        Normalize.Method method = Normalize.Method.values()[random.nextInt(3)];
        double lo = random.nextInt(3) == 0 ? 0 : random.nextDouble() * 50;
        double hi = random.nextInt(3) == 0 ? 100 : 50 + random.nextDouble() * 50;
        return new Normalize(method, c, rule, new double[] {lo, Math.max(hi, lo + 1)}, -1 + random.nextDouble(),
            1 + random.nextDouble(), random.nextBoolean());
    }
  }

  private static float[] floats(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
