package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.volume.Volume;

/**
 * Removes voxels from each side, as slicing a tensor does ({@code x[..., a:-b]}): output voxel p
 * is input voxel p + lower. Makes U-Net skip connections fit when the encoder map is larger.
 */
public final class Crop implements PerChannel {
  private final Halo amount;

  public Crop(Halo amount) {
    checkArgument(amount != null, "crop: amount must not be null");
    this.amount = amount;
  }

  public Halo amount() {
    return amount;
  }

  @Override
  public String name() {
    return "crop";
  }

  @Override
  public Extent outputExtent(Extent input) {
    long[] size = new long[3];
    for (int d = 0; d < 3; d++) {
      size[d] = input.get(d) - amount.lower().get(d) - amount.upper().get(d);
      checkArgument(size[d] >= 1, "crop: removes %s of %s voxels along axis %s",
          amount.lower().get(d) + amount.upper().get(d), input.get(d), "xyz".charAt(d));
    }
    return new Extent(size[0], size[1], size[2]);
  }

  @Override
  public Box requiredInput(Box output) {
    return output.translate(amount.lower().asIndex());
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    Volume cropped = in.crop(requiredInput(output));
    return Volume.wrap(output, in.channels(), cropped.data());
  }

  @Override
  public String toString() {
    return "crop(" + amount + ")";
  }
}
