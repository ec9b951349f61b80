package org.voxtile.network;

import static org.voxtile.network.OpFactory.extent;

import java.util.List;
import org.voxtile.geometry.Halo;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.Triple;
import org.voxtile.network.weights.SeededInit;
import org.voxtile.network.weights.Tensor;
import org.voxtile.ops.Activation;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.Concat;
import org.voxtile.ops.Crop;
import org.voxtile.ops.Op;
import org.voxtile.ops.Pad;

/**
 * Builds the nodes without a sliding window whose arguments need more than one line: batch
 * norm (eval mode, its four tensors), {@code gelu}, {@code concat}, {@code pad} and {@code crop}.
 */
final class LayerFactory {
  private LayerFactory() {}

  static BatchNorm3d batchNorm3d(OpFactory node) {
    ArgReader args = node.args();
    NodeSpec spec = node.node();
    int channels = node.in();
    if (spec.args().has("num_features") && args.positiveInteger("num_features") != channels) {
      throw node.error("num_features", "is " + args.positiveInteger("num_features") + " but the input has "
          + channels + " channels");
    }
    double eps = args.real("eps", 1e-5);
    args.real("momentum", 0.1); // training-time only; accepted as PyTorch modules carry it
    boolean affine = args.bool("affine", true);
    if (!args.bool("track_running_stats", true)) {
      throw node.error("track_running_stats", "must be true: eval mode needs running statistics");
    }
    long[] shape = {channels};
    List<Tensor> start = SeededInit.batchNorm(spec.name(), channels);
    NodeWeights weights = node.weights();
    float[] mean = weights.parameter(spec, "running_mean", shape, "batch_norm3d", start.get(2));
    float[] var = weights.parameter(spec, "running_var", shape, "batch_norm3d", start.get(3));
    float[] weight = affine ? weights.parameter(spec, "weight", shape, "batch_norm3d", start.get(0)) : null;
    float[] bias = affine ? weights.parameter(spec, "bias", shape, "batch_norm3d", start.get(1)) : null;
    return new BatchNorm3d(mean, var, weight, bias, (float) eps);
  }

  /** GELU with PyTorch's exact form; {@code approximate: tanh} is refused. */
  static Op gelu(OpFactory node) {
    node.args().choice("approximate", "none", "none");
    return Activation.gelu();
  }

  static Concat concat(OpFactory node) {
    if (node.args().integer("dim", 1) != 1) {
      throw node.error("dim", "must be 1 (channels): voxtile concatenates channels only");
    }
    return new Concat();
  }

  static Pad pad(OpFactory node) {
    ArgReader args = node.args();
    Halo amount = sides(node, "pad");
    String mode = args.choice("mode", "constant", "constant", "replicate");
    float value = (float) args.real("value", 0.0);
    Pad.Mode m = mode.equals("constant") ? Pad.Mode.CONSTANT : Pad.Mode.REPLICATE;
    if (m == Pad.Mode.REPLICATE && value != 0) {
      throw node.error("value", "only applies to mode constant");
    }
    return new Pad(amount, m, value).forInput(node.inExtent());
  }

  static Crop crop(OpFactory node) {
    return new Crop(sides(node, "crop"));
  }

  /**
   * Per-side amounts: one number (every side), 3 numbers (both sides of each axis, in the
   * pipeline's axes order), or 6 numbers in torch.nn.functional.pad's order, last tensor axis
   * first: (z0, z1, y0, y1, x0, x1) under axes xyz, (x0, x1, y0, y1, z0, z1) under axes zyx.
   */
  private static Halo sides(OpFactory node, String key) {
    ArgReader args = node.args();
    Object raw = args.raw(key);
    if (raw instanceof List<?> list && list.size() == 6) {
      List<Integer> v = args.intList(key, 6, 0);
      // reversed pairs give the file's axes order, which toXyz turns into (x, y, z)
      Triple lower = node.node().args().axes().toXyz(v.get(4), v.get(2), v.get(0));
      Triple upper = node.node().args().axes().toXyz(v.get(5), v.get(3), v.get(1));
      return new Halo(extent(lower), extent(upper));
    }
    Triple both = args.intTriple(key, 0);
    return Halo.symmetric(extent(both));
  }
}
