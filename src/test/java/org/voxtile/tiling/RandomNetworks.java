package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AdaptivePool3d;
import org.voxtile.ops.Add;
import org.voxtile.ops.Argmax;
import org.voxtile.ops.ChannelSoftmax;
import org.voxtile.ops.Concat;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Crop;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Mul;
import org.voxtile.ops.Op;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.Window;

/**
 * Seeded random networks of real ops for the tiled == whole property: chains with stride,
 * dilation and padding, max and average pooling with ceil_mode, transposed convolutions,
 * residual adds and U-Net-style concatenated skips whose branches are made to fit by pad
 * (constant or replicate) and crop nodes, upsampled by a transposed convolution or interpolate x2,
 * interpolate by fractional factors and sizes, attention gates (mul, broadcasting a 1-channel map),
 * softmax and argmax heads, the odd adaptive pool, and sometimes a second output.
 * Ops that do not fit the map they would read are skipped, so any input extent gives a network.
 */
final class RandomNetworks {
  /** Largest map side a network may grow to (transposed convolutions), to keep cases fast. */
  private static final long MAX_SIDE = 28;

  /**
   * A step per registered op name: adds that op after the current node (add and concat with a
   * branch made to fit), returning the new node, or null if it did not fit. The property test
   * fails if a registered op has none.
   */
  static final Map<String, BiFunction<RandomNetworks, String, String>> GENERATORS = Map.ofEntries(
      Map.entry("conv3d", (g, x) -> g.add(g.layers.conv(g.channels.get(x)), x)),
      Map.entry("conv_transpose3d", (g, x) -> g.add(g.layers.transposed(g.channels.get(x)), x)),
      Map.entry("max_pool3d", (g, x) -> g.add(g.layers.maxPool(), x)),
      Map.entry("avg_pool3d", (g, x) -> g.add(g.layers.avgPool(), x)),
      Map.entry("adaptive_max_pool3d", (g, x) -> g.add(g.adaptive(PoolMode.MAX, x), x)),
      Map.entry("adaptive_avg_pool3d", (g, x) -> g.add(g.adaptive(PoolMode.AVG, x), x)),
      Map.entry("batch_norm3d", (g, x) -> g.add(g.layers.batchNorm(g.channels.get(x)), x)),
      Map.entry("relu", (g, x) -> g.add(Activation.relu(), x)),
      Map.entry("leaky_relu", (g, x) -> g.add(Activation.leakyRelu(0.1f), x)),
      Map.entry("sigmoid", (g, x) -> g.add(Activation.sigmoid(), x)),
      Map.entry("tanh", (g, x) -> g.add(Activation.tanh(), x)),
      Map.entry("elu", (g, x) -> g.add(Activation.elu(0.5f), x)),
      Map.entry("gelu", (g, x) -> g.add(Activation.gelu(), x)),
      Map.entry("prelu", (g, x) -> g.add(g.layers.prelu(g.channels.get(x)), x)),
      Map.entry("clamp", (g, x) -> g.add(g.layers.clamp(), x)),
      Map.entry("softmax", (g, x) -> g.add(ChannelSoftmax.softmax(), x)),
      Map.entry("log_softmax", (g, x) -> g.add(ChannelSoftmax.logSoftmax(), x)),
      Map.entry("argmax", (g, x) -> g.add(new Argmax(), x)),
      Map.entry("local_response_norm", (g, x) -> g.add(g.layers.localResponseNorm(), x)),
      Map.entry("dropout", (g, x) -> g.add(g.layers.dropout("dropout"), x)),
      Map.entry("dropout3d", (g, x) -> g.add(g.layers.dropout("dropout3d"), x)),
      Map.entry("alpha_dropout", (g, x) -> g.add(g.layers.dropout("alpha_dropout"), x)),
      Map.entry("mul", (g, x) -> g.gate(x)),
      Map.entry("add", (g, x) -> g.residual(x)),
      Map.entry("concat", (g, x) -> g.skip(x)),
      Map.entry("pad", (g, x) -> g.fitTo(x, g.grow(g.extents.get(x)))),
      Map.entry("crop", (g, x) -> g.fitTo(x, g.shrink(g.extents.get(x)))),
      Map.entry("interpolate", (g, x) -> g.add(g.layers.interpolate(g.extents.get(x)), x)),
      Map.entry("reorient", (g, x) -> g.add(RandomGrids.reorient(g.random, g.extents.get(x)), x)),
      Map.entry("resample", (g, x) -> g.add(RandomGrids.resample(g.random, g.extents.get(x)), x)),
      Map.entry("crop_to", (g, x) -> g.add(RandomGrids.cropTo(g.random, g.extents.get(x)), x)),
      Map.entry("pad_to", (g, x) -> g.add(RandomGrids.padTo(g.random, g.extents.get(x)), x)),
      Map.entry("mask", (g, x) -> g.masked(x)));
  private static final List<String> NAMES = List.copyOf(new TreeSet<>(GENERATORS.keySet()));

  private final Random random;
  private final RandomLayers layers;
  private final List<Node> nodes = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private final java.util.Map<String, Extent> extents = new java.util.HashMap<>();
  private final java.util.Map<String, Integer> channels = new java.util.HashMap<>();
  private int counter;

  private RandomNetworks(Random random) {
    this.random = random;
    this.layers = new RandomLayers(random);
  }

  /** A random network on an input of {@code extent} with {@code inputChannels} channels. */
  static Network create(Random random, Extent extent, int inputChannels) {
    RandomNetworks g = new RandomNetworks(random);
    g.extents.put(Network.SOURCE, extent);
    g.channels.put(Network.SOURCE, inputChannels);
    String current = Network.SOURCE;
    int steps = 1 + random.nextInt(6);
    for (int i = 0; i < steps; i++) {
      current = g.step(current);
    }
    if (current.equals(Network.SOURCE)) {
      current = g.add(Activation.relu(), current);
    }
    List<String> outputs = new ArrayList<>(List.of(current));
    if (random.nextInt(4) == 0 && g.names.size() > 1) {
      String other = g.names.get(random.nextInt(g.names.size() - 1));
      if (!outputs.contains(other)) {
        outputs.add(other);
      }
    }
    List<String> inputNames = new ArrayList<>();
    for (int c = 0; c < inputChannels; c++) {
      inputNames.add("in" + c);
    }
    return new Network(inputNames, inputChannels, g.nodes, outputs);
  }

  /** One random step from {@code x}; returns the new current node (x itself if nothing fit). */
  private String step(String x) {
    for (int attempt = 0; attempt < 6; attempt++) {
      String next = switch (random.nextInt(12)) {
        case 0, 1 -> add(layers.conv(channels.get(x)), x);
        case 2 -> add(layers.pool(), x);
        case 3 -> add(layers.transposed(channels.get(x)), x);
        case 4 -> add(layers.pointwise(channels.get(x)), x);
        case 5, 6 -> residual(x);
        case 7, 8 -> skip(x);
        case 9 -> random.nextInt(3) == 0
            ? add(adaptive(random.nextBoolean() ? PoolMode.MAX : PoolMode.AVG, x), x)
            : fitTo(x, jitter(extents.get(x)));
        default -> GENERATORS.get(NAMES.get(random.nextInt(NAMES.size()))).apply(this, x);
      };
      if (next != null) {
        return next;
      }
    }
    return x;
  }

  /** Adds {@code op} reading {@code inputs}, or returns null (adding nothing) if it does not fit. */
  private String add(Op op, String... inputs) {
    if (op == null) {
      return null;
    }
    Extent in = extents.get(inputs[0]);
    int[] c = new int[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      c[i] = channels.get(inputs[i]);
    }
    Extent out;
    int outChannels;
    try {
      out = op.outputExtent(in);
      outChannels = op.outputChannels(c);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (out.isEmpty() || out.x() > MAX_SIDE || out.y() > MAX_SIDE || out.z() > MAX_SIDE) {
      return null;
    }
    String name = op.name() + "_" + counter++;
    nodes.add(new Node(name, op, List.of(inputs)));
    names.add(name);
    extents.put(name, out);
    channels.put(name, outChannels);
    return name;
  }

  /** x + branch(x), the branch cropped and padded back to x's extent. */
  private String residual(String x) {
    String branch = x;
    int ops = 1 + random.nextInt(2);
    for (int i = 0; i < ops && branch != null; i++) {
      branch = add(random.nextInt(3) == 0 ? layers.pool() : layers.conv(channels.get(branch)), branch);
    }
    if (branch == null) {
      return null;
    }
    branch = add(layers.sameConv(channels.get(branch), channels.get(x)), branch);
    branch = branch == null ? null : fitTo(branch, extents.get(x));
    return branch == null ? null : add(new Add(), random.nextBoolean() ? new String[] {branch, x} : new String[] {x, branch});
  }

  /**
   * x * gate(x), either order: an attention gate, sigmoid of a 1-channel 'same' convolution
   * broadcast over x's channels, or a gate with x's channels.
   */
  private String gate(String x) {
    String map = add(layers.sameConv(channels.get(x), random.nextBoolean() ? 1 : channels.get(x)), x);
    String gate = map == null ? null : add(Activation.sigmoid(), map);
    return gate == null ? null : add(new Mul(), random.nextBoolean() ? new String[] {gate, x} : new String[] {x, gate});
  }

  /** mask(x, step(sameConv(x) to 1 channel)): a mask that is 0 on about half the voxels. */
  private String masked(String x) {
    String map = add(layers.sameConv(channels.get(x), 1), x);
    String mask = map == null ? null : add(Activation.relu(), map);
    return mask == null ? null : add(new org.voxtile.ops.Mask(), x, mask);
  }

  /** concat(x, up(layers.conv(down(x)))), the upsampled branch fitted to x's extent. */
  private String skip(String x) {
    Extent k = layers.extent(2, 3);
    String down = add(random.nextBoolean()
        ? new MaxPool3d(new Window(k, Extent.cube(2), Extent.cube(0), Extent.cube(1)), random.nextBoolean())
        : layers.stridedConv(channels.get(x)), x);
    if (down == null) {
      return null;
    }
    String mid = add(layers.sameConv(channels.get(down), 1 + random.nextInt(3)), down);
    if (mid == null) {
      return null;
    }
    int c = channels.get(mid);
    if (random.nextInt(3) == 0) {
      String upped = add(layers.upsampleBy2(extents.get(mid)), mid);
      upped = upped == null ? null : fitTo(upped, extents.get(x));
      return upped == null ? null : add(new Concat(), random.nextBoolean() ? new String[] {upped, x} : new String[] {x, upped});
    }
    ConvTranspose3d up = random.nextBoolean()
        ? new ConvTranspose3d(c, 2, new Window(Extent.cube(2), Extent.cube(2), Extent.cube(0), Extent.cube(1)),
            Extent.cube(0), 1, layers.weights(c * 2 * 8, c * 8), layers.weights(2, 4))
        : new ConvTranspose3d(c, 2, new Window(Extent.cube(3), Extent.cube(2), Extent.cube(1), Extent.cube(1)),
            layers.extent(0, 1), 1, layers.weights(c * 2 * 27, c * 27), layers.weights(2, 4));
    String upped = add(up, mid);
    upped = upped == null ? null : fitTo(upped, extents.get(x));
    return upped == null ? null : add(new Concat(), random.nextBoolean() ? new String[] {upped, x} : new String[] {x, upped});
  }

  /** Crops the axes that are too long and pads (constant or replicate) those too short. */
  private String fitTo(String node, Extent target) {
    if (target == null) {
      return null;
    }
    Extent e = extents.get(node);
    long[] cropLow = new long[3];
    long[] cropHigh = new long[3];
    long[] padLow = new long[3];
    long[] padHigh = new long[3];
    boolean crop = false;
    boolean pad = false;
    for (int d = 0; d < 3; d++) {
      long diff = target.get(d) - e.get(d);
      if (target.get(d) < 1) {
        return null;
      }
      long low = diff == 0 ? 0 : random.nextLong(Math.abs(diff) + 1);
      if (diff < 0) {
        cropLow[d] = low;
        cropHigh[d] = -diff - low;
        crop = true;
      } else if (diff > 0) {
        padLow[d] = low;
        padHigh[d] = diff - low;
        pad = true;
      }
    }
    String fitted = node;
    if (crop) {
      fitted = add(new Crop(new Halo(Extent.of(cropLow[0], cropLow[1], cropLow[2]),
          Extent.of(cropHigh[0], cropHigh[1], cropHigh[2]))), fitted);
    }
    if (pad && fitted != null) {
      boolean replicate = random.nextBoolean();
      Pad p = new Pad(new Halo(Extent.of(padLow[0], padLow[1], padLow[2]), Extent.of(padHigh[0], padHigh[1], padHigh[2])),
          replicate ? Pad.Mode.REPLICATE : Pad.Mode.CONSTANT, replicate ? 0 : (float) random.nextGaussian());
      fitted = add(p.forInput(extents.get(fitted)), fitted);
    }
    return fitted;
  }

  /** A larger extent, each side grown by 0 to 2 and one side by at least 1: for a pad node. */
  private Extent grow(Extent e) {
    int axis = random.nextInt(3);
    long[] side = new long[3];
    for (int d = 0; d < 3; d++) {
      side[d] = e.get(d) + (d == axis ? layers.between(1, 2) : layers.between(0, 2));
    }
    return Extent.of(side[0], side[1], side[2]);
  }

  /** A smaller extent, each side cut by 0 to 2 but kept at least 1: for a crop node (null if all are 1). */
  private Extent shrink(Extent e) {
    Extent smaller = Extent.of(Math.max(1, e.x() - layers.between(0, 2)), Math.max(1, e.y() - layers.between(0, 2)),
        Math.max(1, e.z() - layers.between(0, 2)));
    return smaller.equals(e) ? null : smaller;
  }

  /** A nearby extent, each side changed by -2 to 2 and at least 1: for a pad and/or crop node. */
  private Extent jitter(Extent e) {
    return Extent.of(Math.max(1, e.x() + layers.between(-2, 2)), Math.max(1, e.y() + layers.between(-2, 2)),
        Math.max(1, e.z() + layers.between(-2, 2)));
  }

  private Op adaptive(PoolMode mode, String x) {
    return new AdaptivePool3d(layers.extent(1, 4), mode).forInput(extents.get(x));
  }
}
