package org.voxtile.network;

import org.voxtile.ops.Reorient;
import org.voxtile.ops.Resample;
import org.voxtile.volume.AxisOrientation;

/**
 * Builds the preprocessing nodes, which declare the grid of their output from their input's
 * grid ({@link OpFactory#inGrid}): {@code reorient} ({@code to}, default RAS, as nibabel's
 * {@code as_closest_canonical} for RAS) and {@code resample} ({@code spacing} in mm, {@code order}
 * 0 or 1, default 1, {@code cval} 0: nibabel's {@code resample_to_output}).
 */
final class PreprocessFactory {
  private PreprocessFactory() {}

  static Reorient reorient(OpFactory node) {
    String code = node.args().string("to", "RAS");
    AxisOrientation target;
    try {
      target = AxisOrientation.parse(code);
    } catch (IllegalArgumentException e) {
      throw node.error("to", e.getMessage());
    }
    return Reorient.to(node.inGrid("to"), target);
  }

  static Resample resample(OpFactory node) {
    double[] spacing = node.args().positiveRealTriple("spacing");
    int order = node.args().integer("order", 1);
    if (order != 0 && order != 1) {
      throw node.error("order", "is " + order + "; voxtile resamples with order 0 (nearest) or 1 (linear), not"
          + " higher-order splines");
    }
    float cval = (float) node.args().real("cval", 0.0);
    try {
      return Resample.toSpacing(node.inGrid("spacing"), spacing, order, cval, NetworkBuilder.MAX_MAP_VOXELS);
    } catch (IllegalArgumentException e) {
      throw node.error("spacing", e.getMessage());
    }
  }
}
