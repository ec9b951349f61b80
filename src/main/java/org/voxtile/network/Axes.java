package org.voxtile.network;

/**
 * The order in which a pipeline file writes per-axis tuples and weight tensors' spatial axes.
 * voxtile computes in (x, y, z) = NIfTI (i, j, k), the order nibabel arrays have; models trained
 * on SimpleITK arrays (nnU-Net) declare {@code axes: zyx}, and their tuples and weights are
 * reversed on reading. Volumes themselves are never transposed.
 */
public enum Axes {
  /** Tuples and weights in (x, y, z) order: the default. */
  XYZ("xyz"),
  /** Tuples and weights in (z, y, x) order, as SimpleITK-based code writes them. */
  ZYX("zyx");

  private final String label;

  Axes(String label) {
    this.label = label;
  }

  /** The label in a pipeline file. */
  public String label() {
    return label;
  }

  /** The axes with this label, or null. */
  static Axes fromLabel(String label) {
    for (Axes axes : values()) {
      if (axes.label.equals(label)) {
        return axes;
      }
    }
    return null;
  }

  /** A tuple as written in the file, (first, second, third), in voxtile's (x, y, z) order. */
  public Triple toXyz(int first, int second, int third) {
    return this == XYZ ? new Triple(first, second, third) : new Triple(third, second, first);
  }

  /**
   * A weight tensor as stored in the file, in voxtile's order: for {@link #ZYX}, a tensor of rank
   * 5 (out, in, kz, ky, kx) becomes (out, in, kx, ky, kz) via {@link Tensor#withSpatialAxesReversed};
   * tensors of lower rank (bias, BatchNorm statistics) have no spatial axes and are unchanged.
   */
  public Tensor toXyz(Tensor stored) {
    return this == ZYX && stored.rank() == 5 ? stored.withSpatialAxesReversed() : stored;
  }

  /** A weight tensor in voxtile's order as it is stored for these axes: the inverse of {@link #toXyz(Tensor)}. */
  public Tensor toStored(Tensor xyz) {
    return toXyz(xyz); // reversing three axes is its own inverse
  }
}
