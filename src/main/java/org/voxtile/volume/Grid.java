package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;

/**
 * A node's voxel grid (design.md, "Grids"): its extent and the voxel-to-world affine of its global
 * voxel indices. The pipeline input has the scan's grid; an op that gives its output a grid of its
 * own ({@code reorient}, {@code resample}, {@code crop_to}, {@code pad_to}) declares it, and every
 * other op's grid is derived from its region maps ({@code OutputGeometry}).
 */
public record Grid(Extent extent, Affine affine) implements java.io.Serializable {
  public Grid {
    checkArgument(extent != null && affine != null, "a grid needs an extent and an affine");
  }

  /** The grid of {@code extent} with the identity affine: what {@code describe --shape} assumes. */
  public static Grid of(Extent extent) {
    return new Grid(extent, Affine.IDENTITY);
  }

  /**
   * Why this grid's affine cannot place voxels in the world (a non-finite entry, or a singular
   * 3x3 part: a zero or repeated axis), or empty when it can.
   */
  public java.util.Optional<String> affineProblem() {
    if (!affine.isFinite()) {
      return java.util.Optional.of("the affine has a non-finite entry: " + affine.toString().replace('\n', ' '));
    }
    double[] sizes = affine.voxelSizes();
    double scale = Math.max(sizes[0], Math.max(sizes[1], sizes[2]));
    if (scale == 0 || Math.abs(affine.determinant()) <= 1e-12 * scale * scale * scale) {
      return java.util.Optional.of("the affine is singular (its voxel axes span no volume): "
          + affine.toString().replace('\n', ' '));
    }
    return java.util.Optional.empty();
  }
}
