package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

/**
 * Where a voxel grid sits in the world: the voxel-to-world {@link Affine} of global voxel indices,
 * the voxel spacing (NIfTI's pixdim 1..3, which may differ from the affine's column lengths when a
 * file's sform was edited), and the spatial unit.
 */
public record Orientation(Affine affine, double[] spacing, SpatialUnit unit) {
  /** Identity affine, 1 unit spacing: what a computed map has before a sink places it. */
  public static final Orientation UNKNOWN =
      new Orientation(Affine.IDENTITY, new double[] {1, 1, 1}, SpatialUnit.UNKNOWN);

  public Orientation {
    checkArgument(affine != null && unit != null, "affine and unit must not be null");
    checkArgument(spacing != null && spacing.length == 3, "spacing needs 3 values");
    spacing = spacing.clone();
  }

  /** Spacing taken from the affine's column lengths, unit millimetres. */
  public static Orientation of(Affine affine) {
    return new Orientation(affine, affine.voxelSizes(), SpatialUnit.MM);
  }

  @Override
  public double[] spacing() {
    return spacing.clone();
  }

  /** Axis codes of the affine, e.g. "RAS". */
  public String axisCodes() {
    return affine.orientation();
  }

  /**
   * The orientation of a grid whose voxel i' stands for input position offset + scale * i' along
   * each axis (crop: scale 1; stride s: scale s and offset at the centre of the input region).
   */
  public Orientation resampled(double[] offset, double[] scale) {
    return new Orientation(
        affine.resampled(offset, scale),
        new double[] {spacing[0] * scale[0], spacing[1] * scale[1], spacing[2] * scale[2]},
        unit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Orientation other
        && affine.equals(other.affine)
        && java.util.Arrays.equals(spacing, other.spacing)
        && unit == other.unit;
  }

  @Override
  public int hashCode() {
    return affine.hashCode() * 31 + java.util.Arrays.hashCode(spacing) * 7 + unit.hashCode();
  }

  @Override
  public String toString() {
    return "Orientation[" + axisCodes() + ", spacing=" + java.util.Arrays.toString(spacing)
        + " " + unit.symbol() + "]";
  }
}
