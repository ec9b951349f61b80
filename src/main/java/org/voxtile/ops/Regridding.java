package org.voxtile.ops;

import org.voxtile.geometry.Extent;
import org.voxtile.volume.Grid;

/**
 * An op whose output has a grid of its own, declared rather than derived from region maps
 * (design.md, "Grids"): a reorientation permutes and flips voxel axes, a resampling puts voxels on
 * a new spacing, a crop or pad moves the origin. Such an op is built for one input grid; its region
 * map carries a box of its output grid to the box of its input grid it reads.
 *
 * <pre>{@code
 * Regridding op = Reorient.to(inputGrid, AxisOrientation.parse("RAS"));
 * Affine written = op.outputGrid().affine();   // what the NIfTI header of this node gets
 * }</pre>
 */
public abstract class Regridding implements PerChannel {
  private static final long serialVersionUID = 1L;

  private final Grid input;
  private final Grid output;

  protected Regridding(Grid input, Grid output) {
    this.input = input;
    this.output = output;
  }

  /** The grid the op was built for. */
  public final Grid inputGrid() {
    return input;
  }

  /** The output's grid: extent and voxel-to-world affine. */
  public final Grid outputGrid() {
    return output;
  }

  /**
   * The output grid's extent.
   *
   * @throws IllegalArgumentException when {@code input} is not the extent the op was built for
   */
  @Override
  public final Extent outputExtent(Extent input) {
    org.voxtile.Checks.checkArgument(input.equals(this.input.extent()),
        "%s was built for an input of %s, not %s", name(), this.input.extent(), input);
    return output.extent();
  }
}
