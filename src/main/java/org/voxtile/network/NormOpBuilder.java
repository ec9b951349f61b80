package org.voxtile.network;

import java.util.Arrays;
import java.util.List;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.weights.Tensor;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Normalize;
import org.voxtile.ops.Op;
import org.voxtile.stats.MaskedVoxels;

/**
 * Builds the normalisation ops of a pipeline file, {@code instance_norm}, {@code group_norm} and
 * {@code normalize}, with PyTorch's argument names and defaults; {@link OpRegistry} has one
 * entry per op. Affine weights are {@code <node>.weight} and {@code <node>.bias}, running
 * statistics {@code <node>.running_mean} and {@code <node>.running_var}, from the weights file,
 * else PyTorch's starting values (ones, zeros; 0 and 1 for running statistics). Every impossible
 * value is reported with the file, node and key.
 *
 * <pre>{@code
 * - {name: n1, op: instance_norm, affine: true}
 * - {name: g1, op: group_norm, num_groups: 8}
 * - {name: z, op: normalize, method: zscore, mask: nonzero}
 * - {name: p, op: normalize, inputs: [t1, brain], mask: brain, method: percentile,
 *    percentiles: [0.5, 99.5], out_range: [0, 1], clip: true}
 * }</pre>
 */
final class NormOpBuilder {
  private final NodeSpec node;
  private final ArgReader args;
  private final NodeWeights weights;
  private final int channels;
  private final int[] inChannels;

  /** The factory finishes the node's reader (unknown keys) afterwards. */
  private NormOpBuilder(OpFactory factory) {
    this.node = factory.node();
    this.args = factory.args();
    this.weights = factory.weights();
    this.inChannels = factory.inChannels();
    this.channels = inChannels[0];
  }

  static Op instanceNorm(OpFactory factory) {
    return new NormOpBuilder(factory).instanceNorm();
  }

  static Op groupNorm(OpFactory factory) {
    return new NormOpBuilder(factory).groupNorm();
  }

  static Op normalize(OpFactory factory) {
    return new NormOpBuilder(factory).normalize();
  }

  /**
   * {@code nn.InstanceNorm3d}: eps 1e-5, affine false, track_running_stats false; with running
   * statistics it is PyTorch's eval mode, a local per-channel affine map.
   */
  Op instanceNorm() {
    checkFeatures("num_features");
    double eps = eps();
    args.real("momentum", 0.1); // training-time only, carried by PyTorch modules
    boolean affine = args.bool("affine", false);
    boolean running = args.bool("track_running_stats", false);
    float[] weight = affine ? parameter("weight", 1f) : null;
    float[] bias = affine ? parameter("bias", 0f) : null;
    if (running) {
      return BatchNorm3d.instanceNorm(parameter("running_mean", 0f), parameter("running_var", 1f), weight, bias, (float) eps);
    }
    return GroupNorm.instanceNorm(channels, eps, weight, bias);
  }

  /** {@code nn.GroupNorm}: num_groups (required), eps 1e-5, affine true. */
  Op groupNorm() {
    int groups = args.positiveInteger("num_groups");
    checkFeatures("num_channels");
    if (channels % groups != 0) {
      throw node.args().error("num_groups", "must divide the input's " + channels + " channels, got " + groups);
    }
    double eps = eps();
    boolean affine = args.bool("affine", true);
    float[] weight = affine ? parameter("weight", 1f) : null;
    float[] bias = affine ? parameter("bias", 0f) : null;
    return new GroupNorm(groups, channels, eps, weight, bias);
  }

  /** Per-scan normalisation: method, mask, percentiles, out_range, clip (see {@link Normalize}). */
  Op normalize() {
    String method = args.choice("method", "zscore", "zscore", "minmax", "percentile");
    MaskedVoxels.Rule mask = mask(args.string("mask", "none"));
    if (method.equals("zscore")) {
      return new Normalize(Normalize.Method.ZSCORE, channels, mask, null, 0, 0, false);
    }
    double[] range = pair("out_range", new double[] {0, 1});
    if (!(range[0] < range[1])) {
      throw node.args().error("out_range", "must be [a, b] with a < b, got [" + range[0] + ", " + range[1] + "]");
    }
    if (method.equals("minmax")) {
      return new Normalize(Normalize.Method.MINMAX, channels, mask, null, range[0], range[1], false);
    }
    double[] p = pair("percentiles", null);
    if (!(p[0] >= 0 && p[1] <= 100 && p[0] < p[1])) {
      throw node.args().error("percentiles", "must be [lo, hi] with 0 <= lo < hi <= 100, got [" + p[0] + ", "
          + p[1] + "]");
    }
    boolean clip = args.bool("clip", false);
    return new Normalize(Normalize.Method.PERCENTILE, channels, mask, p, range[0], range[1], clip);
  }

  /** none, nonzero, or the name of the node's second input (a node or pipeline input). */
  private MaskedVoxels.Rule mask(String value) {
    if (value.equals("none") || value.equals("nonzero")) {
      if (inChannels.length != 1) {
        throw node.args().error("mask", value + " reads one input, but the node has " + inChannels.length
            + " inputs " + node.inputs());
      }
      return value.equals("none") ? MaskedVoxels.Rule.ALL : MaskedVoxels.Rule.NONZERO;
    }
    if (inChannels.length != 2 || !node.inputs().get(1).equals(value)) {
      throw node.args().error("mask", "'" + value + "' must also be the node's second input (inputs: [<map>, "
          + value + "]), or use nonzero or none");
    }
    int maskChannels = inChannels[1];
    if (maskChannels != 1 && maskChannels != channels) {
      throw node.args().error("mask", "'" + value + "' has " + maskChannels + " channels; a mask needs 1 or "
          + channels + " (the map's)");
    }
    return MaskedVoxels.Rule.MAP;
  }

  /** A list of two finite numbers, or {@code defaultValue} when absent (required when null). */
  private double[] pair(String key, double[] defaultValue) {
    Object raw = args.raw(key);
    if (raw == null && defaultValue != null) {
      return defaultValue;
    }
    if (raw instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Number a
        && list.get(1) instanceof Number b && Double.isFinite(a.doubleValue()) && Double.isFinite(b.doubleValue())) {
      return new double[] {a.doubleValue(), b.doubleValue()};
    }
    throw node.args().error(key, "must be a list of two numbers, got " + ArgReader.show(raw));
  }

  private double eps() {
    double eps = args.real("eps", 1e-5);
    if (!(eps > 0)) {
      throw node.args().error("eps", "must be positive, got " + eps);
    }
    return eps;
  }

  /** PyTorch's num_features / num_channels, when given, must equal the input channels. */
  private void checkFeatures(String key) {
    if (node.args().has(key) && args.positiveInteger(key) != channels) {
      throw node.args().error(key, "is " + args.positiveInteger(key) + " but the input has " + channels
          + " channels");
    }
  }

  /** A per-channel tensor from the weights file, else (with init:) PyTorch's start value. */
  private float[] parameter(String role, float start) {
    long[] shape = {channels};
    float[] values = new float[channels];
    Arrays.fill(values, start);
    return weights.parameter(node, role, shape, node.op(), Tensor.of(node.name() + "." + role, shape, values));
  }
}
