package org.voxtile.network.pipeline;

/**
 * The order in which a pipeline file writes per-axis tuples and weight tensors' spatial axes.
 * voxtile computes in (x, y, z) = NIfTI (i, j, k), the order nibabel arrays have; models trained
 * on SimpleITK arrays (nnU-Net) declare {@code axes: zyx}, and their tuples and weights are
 * reversed on reading ({@code Tensor.toXyz(Axes)} reverses a weight tensor's spatial axes). Volumes
 * themselves are never transposed.
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
}
