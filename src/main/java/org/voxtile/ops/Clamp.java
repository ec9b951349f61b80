package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.clamp(x, min, max)}: each value limited to [min, max], either bound absent
 * (infinite); a NaN stays NaN. The bounds are float32, as PyTorch casts them to the tensor's type.
 */
public final class Clamp implements Voxelwise, PerChannel, InPlace {
  private static final long serialVersionUID = 1L;

  private final float min;
  private final float max;

  /**
   * @param min the lower bound, {@code -Infinity} for none
   * @param max the upper bound, {@code +Infinity} for none
   */
  public Clamp(float min, float max) {
    checkArgument(!Float.isNaN(min) && !Float.isNaN(max) && min <= max,
        "clamp: min %s must not exceed max %s", min, max);
    this.min = min;
    this.max = max;
  }

  @Override
  public String name() {
    return "clamp";
  }

  /** Two comparisons per value. */
  @Override
  public long macs(Extent output, int... inputChannels) {
    return 2 * output.voxelCount() * inputChannels[0];
  }


  @Override
  public void computeInPlace(Volume map) {
    float[] data = map.data();
    for (int i = 0; i < data.length; i++) {
      // Math.max and Math.min return NaN for a NaN argument, so NaN stays NaN as in torch.clamp
      data[i] = Math.min(Math.max(data[i], min), max);
    }
  }

  @Override
  public String toString() {
    return "clamp(" + (min == Float.NEGATIVE_INFINITY ? "" : "min=" + min)
        + (min != Float.NEGATIVE_INFINITY && max != Float.POSITIVE_INFINITY ? ", " : "")
        + (max == Float.POSITIVE_INFINITY ? "" : "max=" + max) + ")";
  }
}
