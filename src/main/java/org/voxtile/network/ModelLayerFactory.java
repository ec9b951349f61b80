package org.voxtile.network;

import java.util.Arrays;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.weights.Tensor;
import org.voxtile.ops.Argmax;
import org.voxtile.ops.ChannelSoftmax;
import org.voxtile.ops.Clamp;
import org.voxtile.ops.Dropout;
import org.voxtile.ops.LocalResponseNorm;
import org.voxtile.ops.PRelu;

/**
 * Builds the layers trained 3D networks use around their convolutions: {@code prelu}, the
 * {@code softmax} / {@code log_softmax} / {@code argmax} heads, {@code local_response_norm},
 * the dropout layers (the identity at inference) and {@code clamp}, with PyTorch's argument names
 * and defaults.
 */
final class ModelLayerFactory {
  /** PyTorch's starting slope of {@code nn.PReLU} ({@code init=0.25}). */
  static final float PRELU_START = 0.25f;

  private ModelLayerFactory() {}

  /** softmax or log_softmax over the channels; {@code dim} may only be 1. */
  static ChannelSoftmax softmax(OpFactory node, boolean log) {
    channelDim(node);
    return log ? ChannelSoftmax.logSoftmax() : ChannelSoftmax.softmax();
  }

  static Argmax argmax(OpFactory node) {
    channelDim(node);
    return new Argmax();
  }

  /**
   * {@code num_parameters} slopes (1 or the input's channels) from {@code <node>.weight} in the
   * weights file; without a file, or with {@code init: {seed: N}}, PyTorch's starting value 0.25.
   */
  static PRelu prelu(OpFactory node) {
    NodeSpec spec = node.node();
    int channels = node.in();
    int count = node.args().positiveInteger("num_parameters", 1);
    if (count != 1 && count != channels) {
      throw node.error("num_parameters", "must be 1 or the input's " + channels + " channels, got " + count);
    }
    if (spec.init().isPresent() && !spec.init().get().isSeeded()) {
      throw node.error("init", "must be {seed: N} or absent: prelu's slopes start at PyTorch's 0.25 or come "
          + "from the weights file, never from a built-in kernel");
    }
    long[] shape = {count};
    node.weights().storedShape(spec, "weight").filter(stored -> !Arrays.equals(stored, shape)).ifPresent(stored -> {
      throw node.error("num_parameters", "is " + count + " but '" + spec.name() + ".weight' in "
          + node.weights().source() + " has shape " + Arrays.toString(stored) + "; a prelu weight is "
          + "(num_parameters,), and num_parameters is 1 or the input's " + channels + " channels");
    });
    float[] start = new float[count];
    Arrays.fill(start, PRELU_START);
    return new PRelu(node.weights().parameter(spec, "weight", shape, "prelu",
        Tensor.of(spec.name() + ".weight", shape, start)));
  }

  /** {@code size} is required, as in PyTorch; alpha 1e-4, beta 0.75, k 1.0. */
  static LocalResponseNorm localResponseNorm(OpFactory node) {
    ArgReader args = node.args();
    int size = args.positiveInteger("size");
    return new LocalResponseNorm(size, args.real("alpha", 1e-4), args.real("beta", 0.75), args.real("k", 1.0));
  }

  /** A dropout layer of {@code kind}: {@code p} (0.5) checked and kept, {@code inplace} accepted. */
  static Dropout dropout(OpFactory node, String kind) {
    ArgReader args = node.args();
    double p = args.real("p", 0.5);
    if (p < 0 || p > 1) {
      throw node.error("p", "must be in [0, 1], got " + p);
    }
    args.bool("inplace", false); // an in-place flag changes nothing at inference
    return new Dropout(kind, p);
  }

  /** {@code min} and/or {@code max}, at least one, min not above max. */
  static Clamp clamp(OpFactory node) {
    ArgReader args = node.args();
    double min = args.real("min", Double.NEGATIVE_INFINITY);
    double max = args.real("max", Double.POSITIVE_INFINITY);
    if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
      throw node.error("min", "and max are both absent: clamp needs min, max or both");
    }
    if (min > max) {
      throw node.error("min", "is " + min + " but max is " + max + ": min must not exceed max");
    }
    return new Clamp((float) min, (float) max);
  }

  /** The channel axis is the only one voxtile reduces over: {@code dim} defaults to, and must be, 1. */
  private static void channelDim(OpFactory node) {
    if (node.args().integer("dim", 1) != 1) {
      throw node.error("dim", "must be 1 (channels): voxtile applies " + node.node().op() + " over channels only");
    }
  }
}
