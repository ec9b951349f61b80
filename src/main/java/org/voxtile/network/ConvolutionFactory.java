package org.voxtile.network;

import static org.voxtile.network.OpFactory.extent;
import static org.voxtile.network.OpFactory.triple;
import static org.voxtile.network.OpFactory.window;

import java.util.Optional;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.Triple;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Kernel;
import org.voxtile.ops.Window;

/**
 * Builds {@code conv3d} and {@code conv_transpose3d} nodes: PyTorch's arguments and defaults
 * ({@code padding} may be {@code valid} or a symmetric {@code same}), groups checked against the
 * channels, weights from the file, {@code init: {seed: N}} or a built-in kernel ({@link KernelFactory}).
 */
final class ConvolutionFactory {
  private ConvolutionFactory() {}

  static Conv3d conv3d(OpFactory node) {
    ArgReader args = node.args();
    int out = args.positiveInteger("out_channels");
    int groups = groups(node, out);
    Optional<Kernel> builtIn = KernelFactory.builtInKernel(node);
    Triple kernel = builtIn.isPresent()
        ? args.intTriple("kernel_size", 1, triple(builtIn.get().size()))
        : args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, Triple.of(1));
    Triple dilation = args.intTriple("dilation", 1, Triple.of(1));
    Triple padding = convPadding(node, kernel, stride, dilation);
    boolean bias = args.bool("bias", builtIn.isEmpty());
    Window window = window(kernel, stride, padding, dilation);
    int in = node.in();
    long[] shape = {out, in / groups, kernel.x(), kernel.y(), kernel.z()};
    node.checkWeightCount("conv3d weight (out_channels, in_channels / groups, kernel_size)", shape);
    NodeWeights.WeightAndBias weights = builtIn.isPresent()
        ? KernelFactory.fixedKernelWeights(node, builtIn.get(), kernel, out, in / groups, bias)
        : node.weights().learned(node.node(), "conv3d", shape, bias, out);
    return new Conv3d(in, out, window, groups, weights.weight(), weights.bias());
  }

  static ConvTranspose3d convTranspose3d(OpFactory node) {
    ArgReader args = node.args();
    int out = args.positiveInteger("out_channels");
    int groups = groups(node, out);
    Triple kernel = args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, Triple.of(1));
    Triple padding = args.intTriple("padding", 0, Triple.of(0));
    Triple outputPadding = args.intTriple("output_padding", 0, Triple.of(0));
    Triple dilation = args.intTriple("dilation", 1, Triple.of(1));
    boolean bias = args.bool("bias", true);
    int in = node.in();
    long[] shape = {in, out / groups, kernel.x(), kernel.y(), kernel.z()};
    node.checkWeightCount("conv_transpose3d weight (in_channels, out_channels / groups, kernel_size)", shape);
    NodeWeights.WeightAndBias weights = node.weights().learned(node.node(), "conv_transpose3d", shape, bias, out);
    return new ConvTranspose3d(in, out, window(kernel, stride, padding, dilation), extent(outputPadding),
        groups, weights.weight(), weights.bias());
  }

  /** PyTorch's padding: a number, a list of 3, 'valid' (0) or 'same' (stride 1, odd spans only). */
  private static Triple convPadding(OpFactory node, Triple kernel, Triple stride, Triple dilation) {
    ArgReader args = node.args();
    Object raw = args.raw("padding");
    if (!(raw instanceof String)) {
      return args.intTriple("padding", 0, Triple.of(0));
    }
    String mode = args.choice("padding", "valid", "valid", "same");
    if (mode.equals("valid")) {
      return Triple.of(0);
    }
    int[] k = kernel.toArray();
    int[] d = dilation.toArray();
    int[] p = new int[3];
    for (int a = 0; a < 3; a++) {
      int total = d[a] * (k[a] - 1);
      if (stride.toArray()[a] != 1 || total % 2 != 0) {
        throw node.error("padding", "'same' needs stride 1 and an odd dilated kernel span here;"
            + " PyTorch would pad asymmetrically: use a pad node and padding: 0");
      }
      p[a] = total / 2;
    }
    return new Triple(p[0], p[1], p[2]);
  }

  /** groups, checked against in_channels (inferred, or given and checked) and out_channels. */
  private static int groups(OpFactory node, int out) {
    int groups = node.args().positiveInteger("groups", 1);
    node.checkInChannels();
    int in = node.in();
    if (in % groups != 0 || out % groups != 0) {
      throw node.error("groups", "must divide in_channels " + in + " and out_channels " + out + ", got " + groups);
    }
    return groups;
  }
}
