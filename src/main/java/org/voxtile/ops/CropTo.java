package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * The voxels of a half-open box of the input grid, {x0 <= x < x1, ...}, every channel: output voxel
 * (0, 0, 0) is input voxel (x0, y0, z0), and the affine moves with it exactly as
 * {@code voxtile convert --crop} moves it ({@code Affine.resampled(min, 1)}). The voxels are
 * {@link Crop}'s; this op adds the declared grid, so that preprocessing may continue after it.
 */
public final class CropTo extends Regridding {
  private static final long serialVersionUID = 1L;

  private final Box box;
  private final Crop crop;

  /**
   * @throws IllegalArgumentException when the box is empty or not inside the input grid
   */
  public CropTo(Grid input, Box box) {
    super(input, new Grid(box.extent(), input.affine().resampled(
        new double[] {box.min(0), box.min(1), box.min(2)}, new double[] {1, 1, 1})));
    checkArgument(!box.isEmpty() && Box.of(input.extent()).contains(box),
        "%s is empty or not inside the input %s", box, input.extent());
    this.box = box;
    Extent extent = input.extent();
    this.crop = new Crop(new Halo(Extent.of(box.min(0), box.min(1), box.min(2)),
        Extent.of(extent.x() - box.max(0), extent.y() - box.max(1), extent.z() - box.max(2))));
  }

  public Box box() {
    return box;
  }

  @Override
  public String name() {
    return "crop_to";
  }

  @Override
  public Box requiredInput(Box out) {
    return crop.requiredInput(out);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Inputs.checkOutput(this, out, inputExtent);
    return crop.compute(inputs, out, inputExtent);
  }

  @Override
  public String toString() {
    return "crop_to(" + box + ")";
  }
}
