package org.voxtile.network.weights;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weights for {@code init: {seed: N}}, distributed as PyTorch's defaults: for conv3d and
 * conv_transpose3d, {@code kaiming_uniform_(a=sqrt(5))} on the weight and the matching bias rule,
 * which both come to U(-b, b) with b = 1/sqrt(fan_in) and fan_in = weight.size(1) *
 * prod(kernel), as {@code torch.nn.init._calculate_fan_in_and_fan_out} computes it: in/groups *
 * prod(kernel) for conv3d, out/groups * prod(kernel) for conv_transpose3d (whose weight is
 * (in, out/groups, k...)). BatchNorm starts at weight 1, bias 0, running mean 0, running var 1.
 *
 * <p>The values are not torch's (its generator is not reproduced) but are fixed by this recipe,
 * the same on every JVM: for the tensor named {@code <node>.<role>}, SplitMix64 seeded with
 * {@code mix64(seed) ^ fnv1a64(utf8(name))} yields u_i = (next() >>> 11) * 2^-53, and value i is
 * {@code (float) (b * (2 * u_i - 1))}, in row-major order. A tensor thus depends only on the seed
 * and its own name, not on the other nodes.
 *
 * <pre>{@code
 * List<Tensor> c1 = SeededInit.conv("c1", 7, new long[] {16, 2, 3, 3, 3}, true, 16); // c1.weight, c1.bias
 * }</pre>
 */
public final class SeededInit {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private SeededInit() {}

  /**
   * {@code weight.size(1) * prod(weight.size(2..))}: PyTorch's fan_in of a weight of this shape.
   *
   * @throws IllegalArgumentException if the rank is below 2
   */
  public static long fanIn(long[] weightShape) {
    if (weightShape.length < 2) {
      throw new IllegalArgumentException("fan_in needs a weight of rank >= 2, got " + Arrays.toString(weightShape));
    }
    long fanIn = weightShape[1];
    for (int i = 2; i < weightShape.length; i++) {
      fanIn = Math.multiplyExact(fanIn, weightShape[i]);
    }
    return fanIn;
  }

  /** 1/sqrt(fan_in), the bound of PyTorch's default weight and bias init; 0 when fan_in is 0. */
  public static double bound(long[] weightShape) {
    long fanIn = fanIn(weightShape);
    return fanIn == 0 ? 0 : 1 / Math.sqrt(fanIn);
  }

  /**
   * {@code <node>.weight} of {@code weightShape} and, if {@code bias}, {@code <node>.bias} of
   * {@code biasLength} values, both U(-b, b), b = {@link #bound}.
   *
   * @param weightShape (out, in/groups, kx, ky, kz) for conv3d, (in, out/groups, kx, ky, kz) for conv_transpose3d
   * @param biasLength out_channels (weightShape[0] for conv3d, weightShape[1] * groups for conv_transpose3d)
   */
  public static List<Tensor> conv(String node, long seed, long[] weightShape, boolean bias, long biasLength) {
    double bound = bound(weightShape);
    List<Tensor> tensors = new ArrayList<>();
    tensors.add(uniform(node + ".weight", seed, weightShape, bound));
    if (bias) {
      tensors.add(uniform(node + ".bias", seed, new long[] {biasLength}, bound));
    }
    return tensors;
  }

  /** PyTorch's BatchNorm3d start: weight 1, bias 0, running_mean 0, running_var 1, each of {@code channels}. */
  public static List<Tensor> batchNorm(String node, int channels) {
    float[] ones = new float[channels];
    Arrays.fill(ones, 1f);
    long[] shape = {channels};
    return List.of(Tensor.of(node + ".weight", shape, ones.clone()),
        Tensor.of(node + ".bias", shape, new float[channels]),
        Tensor.of(node + ".running_mean", shape, new float[channels]),
        Tensor.of(node + ".running_var", shape, ones));
  }

  /** A tensor named {@code name} of U(-bound, bound) values by this class's recipe. */
  public static Tensor uniform(String name, long seed, long[] shape, double bound) {
    long count = 1;
    for (long extent : shape) {
      count = Math.multiplyExact(count, extent);
    }
    float[] values = new float[Math.toIntExact(count)];
    long state = mix64(seed) ^ fnv1a64(name);
    for (int i = 0; i < values.length; i++) {
      state += GOLDEN_GAMMA;
      double u = (mix64(state) >>> 11) * 0x1.0p-53;
      values[i] = (float) (bound * (2 * u - 1));
    }
    return Tensor.of(name, shape, values);
  }

  /** SplitMix64's output function (Steele, Lea, Flood 2014). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** 64-bit FNV-1a over the UTF-8 bytes of {@code text}. */
  static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    return hash;
  }
}
