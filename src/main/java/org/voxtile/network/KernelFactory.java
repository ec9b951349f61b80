package org.voxtile.network;

import static org.voxtile.network.OpFactory.extent;
import static org.voxtile.network.OpFactory.triple;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.Axes;
import org.voxtile.network.pipeline.InitSpec;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.Triple;
import org.voxtile.network.weights.Tensor;
import org.voxtile.ops.Kernel;
import org.voxtile.ops.Kernels;

/**
 * The built-in kernels of {@code init: {kernel: ...}} on a {@code conv3d} node: gaussian (scipy's
 * sigma and truncate, or cut to the node's kernel_size), sobel, prewitt, edge, laplacian, box and
 * identity, and the depthwise weights they give.
 */
final class KernelFactory {
  private KernelFactory() {}

  /** The built-in kernel of {@code init: {kernel: ...}}, or empty. */
  static Optional<Kernel> builtInKernel(OpFactory node) {
    NodeSpec spec = node.node();
    if (spec.init().isEmpty() || spec.init().get().isSeeded()) {
      return Optional.empty();
    }
    ArgReader args = node.args();
    InitSpec init = spec.init().get();
    ArgReader params = init.params().reader();
    String name = init.kernel().get();
    Object sizeArg = args.raw("kernel_size");
    if (sizeArg != null) {
      Triple size = args.intTriple("kernel_size", 1);
      node.checkWeightCount("the " + name + " kernel (kernel_size)", size.x(), size.y(), size.z());
    }
    Kernel kernel = switch (name) {
      case "gaussian" -> gaussian(node, params, sizeArg == null ? null : args.intTriple("kernel_size", 1));
      case "sobel" -> Kernels.sobel(axis(node, params));
      case "prewitt" -> Kernels.prewitt(axis(node, params));
      case "edge" -> Kernels.edge(axis(node, params));
      case "laplacian" -> Kernels.laplacian();
      case "box" -> Kernels.box(extent(args.intTriple("kernel_size", 1, Triple.of(3))));
      case "identity" -> Kernels.identity(args.intTriple("kernel_size", 1, Triple.of(1)).x());
      default -> throw init.params().error("kernel", "unknown built-in kernel '" + name
          + "'; one of gaussian, sobel, prewitt, edge, laplacian, box, identity");
    };
    params.finish(name + " kernel");
    return Optional.of(kernel);
  }

  /**
   * A fixed kernel as conv3d weights: each output channel filters its one input channel. A
   * weights file holding the node's weight comes first, as for learned weights, so that a
   * {@code --save-weights} file reloads.
   */
  static NodeWeights.WeightAndBias fixedKernelWeights(OpFactory node, Kernel kernel, Triple size, int out,
      int inPerGroup, boolean bias) {
    NodeSpec spec = node.node();
    if (!triple(kernel.size()).equals(size)) {
      throw node.error("kernel_size", "is " + size + " but the " + spec.init().get().kernel().get()
          + " kernel is " + triple(kernel.size()));
    }
    if (inPerGroup != 1) {
      throw node.error("groups", "must equal in_channels (" + node.in() + ") for a built-in kernel, so that "
          + "each output channel filters one input channel (depthwise)");
    }
    long[] shape = {out, 1, size.x(), size.y(), size.z()};
    Optional<NodeWeights.WeightAndBias> stored = node.weights().stored(spec, "conv3d", shape, bias, out);
    if (stored.isPresent()) {
      return stored.get();
    }
    float[] weight = kernel.depthwiseWeight(out);
    node.weights().use(Tensor.of(spec.name() + ".weight", shape, weight));
    float[] b = null;
    if (bias) {
      b = new float[out];
      node.weights().use(Tensor.of(spec.name() + ".bias", new long[] {out}, b));
    }
    return new NodeWeights.WeightAndBias(weight, b);
  }

  /**
   * scipy's gaussian: sigma per axis, truncate (default 4.0). With a kernel_size on the node and
   * no truncate, the kernel is cut to that size (radius (k - 1) / 2), so {@code kernel_size: 3,
   * init: {kernel: gaussian, sigma: 1.0}} is the 3x3x3 gaussian a user means.
   */
  private static Kernel gaussian(OpFactory node, ArgReader params, Triple size) {
    Object sigmaArg = params.raw("sigma");
    double[] sigma;
    if (sigmaArg instanceof List<?> list && list.size() == 3 && list.stream().allMatch(v -> v instanceof Number)) {
      double[] file = list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
      sigma = node.node().args().axes() == Axes.XYZ ? file : new double[] {file[2], file[1], file[0]};
    } else {
      double s = params.real("sigma");
      sigma = new double[] {s, s, s};
    }
    for (double s : sigma) {
      if (!(s >= 0)) {
        throw node.error("init.sigma", "must be >= 0, got " + s);
      }
    }
    Object truncateArg = params.raw("truncate");
    if (truncateArg != null || size == null) {
      double truncate = params.real("truncate", Kernels.TRUNCATE);
      long[] sides = new long[3];
      for (int a = 0; a < 3; a++) {
        // scipy's radius int(truncate * sigma + 0.5), checked before the kernel is allocated
        double radius = Math.floor(truncate * sigma[a] + 0.5);
        sides[a] = radius < 0x1p60 ? 2 * (long) radius + 1 : Long.MAX_VALUE;
      }
      node.checkWeightCount("the gaussian kernel (radius truncate * sigma = " + truncate + " * "
          + Arrays.toString(sigma) + ")", sides);
      return Kernels.gaussian(sigma[0], sigma[1], sigma[2], truncate);
    }
    int[] k = size.toArray();
    if (k[0] % 2 == 0 || k[1] % 2 == 0 || k[2] % 2 == 0) {
      throw node.error("kernel_size", "must be odd for a gaussian kernel, got " + size);
    }
    double radius = (k[0] - 1) / 2.0;
    boolean isotropic = sigma[0] == sigma[1] && sigma[1] == sigma[2] && k[0] == k[1] && k[1] == k[2];
    if (!isotropic) {
      throw node.error("kernel_size", "with per-axis sigma or size give init.truncate "
          + "(the radius is int(truncate * sigma + 0.5) per axis) instead of kernel_size");
    }
    // int(truncate * sigma + 0.5) == radius for truncate = radius / sigma
    return Kernels.gaussian(sigma[0], sigma[1], sigma[2], sigma[0] == 0 ? 0 : radius / sigma[0]);
  }

  /** x, y, z, or 0-2 counted in the pipeline's axes order. */
  private static int axis(OpFactory node, ArgReader params) {
    Object raw = params.raw("axis");
    if (raw instanceof String s) {
      int a = "xyz".indexOf(s.toLowerCase(Locale.ROOT));
      if (s.length() == 1 && a >= 0) {
        return a;
      }
    } else if (raw instanceof Number n && n.intValue() >= 0 && n.intValue() < 3 && n.doubleValue() == n.intValue()) {
      return node.node().args().axes() == Axes.XYZ ? n.intValue() : 2 - n.intValue();
    }
    throw node.error("init.axis", "must be x, y or z, got " + raw);
  }
}
