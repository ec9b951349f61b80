package org.voxtile.network;

import org.voxtile.ops.Reorient;
import org.voxtile.volume.AxisOrientation;

/**
 * Builds the preprocessing nodes, which declare the grid of their output from their input's
 * grid ({@link OpFactory#inGrid}): {@code reorient} ({@code to}, default RAS, as nibabel's
 * {@code as_closest_canonical} for RAS).
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
}
