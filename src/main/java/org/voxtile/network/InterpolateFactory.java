package org.voxtile.network;

import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.ops.Interpolate;

/**
 * Builds {@code interpolate} nodes with torch.nn.functional.interpolate's arguments and refusals:
 * exactly one of {@code scale_factor} and {@code size}, {@code mode} (default nearest),
 * {@code align_corners} only with trilinear (torch raises for the nearest modes even when it is
 * false), {@code recompute_scale_factor} (default None) not true with a size.
 */
final class InterpolateFactory {
  private InterpolateFactory() {}

  static Interpolate interpolate(OpFactory node) {
    ArgReader args = node.args();
    String label = args.choice("mode", "nearest", "nearest", "nearest-exact", "trilinear");
    Interpolate.Mode mode = Interpolate.Mode.valueOf(label.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    boolean hasAlign = node.node().args().has("align_corners");
    boolean align = args.bool("align_corners", false);
    if (hasAlign && mode != Interpolate.Mode.TRILINEAR) {
      throw node.error("align_corners", "only applies to mode trilinear, not " + label + " (PyTorch refuses it even when false)");
    }
    boolean hasScale = node.node().args().has("scale_factor");
    boolean hasSize = node.node().args().has("size");
    if (hasScale == hasSize) {
      throw node.error(hasScale ? "size" : "scale_factor", hasScale
          ? "cannot be given with scale_factor: give one of them"
          : "missing: give scale_factor or size");
    }
    boolean recompute = args.bool("recompute_scale_factor", false);
    Interpolate op;
    if (hasSize) {
      if (recompute) {
        throw node.error("recompute_scale_factor", "is not meaningful with a size (PyTorch refuses it)");
      }
      op = Interpolate.toSize(OpFactory.extent(args.intTriple("size", 1)), mode, align);
    } else {
      double[] scale = args.positiveRealTriple("scale_factor");
      Extent in = node.inExtent();
      for (int d = 0; d < 3; d++) {
        if (Math.floor(in.get(d) * scale[d]) < 1) {
          throw node.error("scale_factor", "gives no voxel on axis " + "xyz".charAt(d) + " of input " + in
              + ": floor(" + in.get(d) + " * " + scale[d] + ") = 0");
        }
      }
      op = Interpolate.byScale(scale, mode, align, recompute);
    }
    return op.forInput(node.inExtent());
  }
}
