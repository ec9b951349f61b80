package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Every channel of the first input kept where the 1-channel mask (the second input) is non-zero and
 * 0 elsewhere: {@code numpy.where(mask != 0, x, 0)} per channel (a NaN mask value keeps; a voxel
 * outside the mask is 0 whatever x holds there, NaN included). Voxelwise, so the output is on the
 * first input's grid.
 */
public final class Mask implements Voxelwise {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "mask";
  }

  @Override
  public int inputCount() {
    return 2;
  }

  /** The first input's channels; the mask must have one. */
  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == 2, "mask: expected 2 inputs (the map, then the mask), got %s",
        inputChannels.length);
    checkArgument(inputChannels[1] == 1, "mask: the mask (second input) has %s channels; it needs 1",
        inputChannels[1]);
    return inputChannels[0];
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    int channels = outputChannels(Inputs.channels(inputs));
    float[] x = Inputs.cropped(inputs.get(0), output).data();
    float[] m = Inputs.cropped(inputs.get(1), output).data();
    int n = m.length;
    float[] kept = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < n; i++) {
        kept[c * n + i] = m[i] != 0 ? x[c * n + i] : 0f;
      }
    }
    return Volume.wrap(output, channels, kept);
  }

  @Override
  public String toString() {
    return "mask";
  }
}
