package org.voxtile.network;

import static org.voxtile.network.OpFactory.extent;
import static org.voxtile.network.OpFactory.window;

import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.Triple;
import org.voxtile.ops.AdaptivePool3d;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.Window;

/** Builds the pooling nodes: {@code max_pool3d}, {@code avg_pool3d} and the adaptive pools, with PyTorch's rules. */
final class PoolingFactory {
  private PoolingFactory() {}

  static MaxPool3d maxPool3d(OpFactory node) {
    return new MaxPool3d(poolWindow(node, true), node.args().bool("ceil_mode", false));
  }

  static AvgPool3d avgPool3d(OpFactory node) {
    ArgReader args = node.args();
    Window window = poolWindow(node, false);
    boolean ceil = args.bool("ceil_mode", false);
    boolean includePad = args.bool("count_include_pad", true);
    Object divisor = args.raw("divisor_override");
    int override = divisor == null ? 0 : args.positiveInteger("divisor_override");
    return new AvgPool3d(window, ceil, includePad, override);
  }

  static AdaptivePool3d adaptivePool3d(OpFactory node, PoolMode mode) {
    return new AdaptivePool3d(extent(node.args().intTriple("output_size", 1)), mode).forInput(node.inExtent());
  }

  /** kernel_size, stride (default: kernel_size), padding, and (max pooling only) dilation. */
  private static Window poolWindow(OpFactory node, boolean dilated) {
    ArgReader args = node.args();
    Triple kernel = args.intTriple("kernel_size", 1);
    Triple stride = args.intTriple("stride", 1, kernel);
    Triple padding = args.intTriple("padding", 0, Triple.of(0));
    Triple dilation = dilated ? args.intTriple("dilation", 1, Triple.of(1)) : Triple.of(1);
    for (int d = 0; d < 3; d++) {
      if (2 * padding.toArray()[d] > kernel.toArray()[d]) {
        throw node.error("padding", "must be at most half of kernel_size " + kernel + ", got " + padding
            + " (PyTorch's rule for pooling)");
      }
    }
    return window(kernel, stride, padding, dilation);
  }
}
