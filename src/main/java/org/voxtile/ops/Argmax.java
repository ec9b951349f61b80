package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.argmax(x, dim=1, keepdim=True)}: one output channel holding, as a float, the index
 * of each voxel's largest channel, the label map of a segmentation head. Ties go to the lowest
 * index and a NaN counts as larger than any number (the first NaN wins), as in PyTorch.
 */
public final class Argmax implements Voxelwise {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "argmax";
  }

  @Override
  public int inputCount() {
    return 1;
  }

  /** One channel of labels, whatever the input's channels. */
  @Override
  public int outputChannels(int... inputChannels) {
    Inputs.sameChannels(this, inputChannels);
    checkArgument(inputChannels[0] >= 1, "argmax: input with %s channels", inputChannels[0]);
    return 1;
  }

  /** One comparison per input value. */
  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0];
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Volume in = Inputs.cropped(inputs.get(0), output);
    float[] x = in.data();
    int n = in.voxelsPerChannel();
    float[] best = java.util.Arrays.copyOf(x, n);
    float[] label = new float[n];
    for (int c = 1; c < in.channels(); c++) {
      int base = c * n;
      for (int i = 0; i < n; i++) {
        float v = x[base + i];
        // strictly larger keeps the lowest index on ties; once a NaN is best nothing replaces it
        if (!Float.isNaN(best[i]) && (v > best[i] || Float.isNaN(v))) {
          best[i] = v;
          label[i] = c;
        }
      }
    }
    return Volume.wrap(output, 1, label);
  }

  @Override
  public String toString() {
    return "argmax(dim=1)";
  }
}
