package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Element-wise product of two inputs of equal spatial extent ({@code a * b} in PyTorch), with
 * PyTorch's broadcasting of a 1-channel map over the other's C channels on either side, as
 * attention gates multiply features by a sigmoid map. One float32 product per value, commutative,
 * so the bits are PyTorch's.
 */
public final class Mul implements Voxelwise {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "mul";
  }

  @Override
  public int inputCount() {
    return 2;
  }

  /** Equal channels, or one input of 1 channel broadcast over the other's. */
  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == 2, "mul: expected 2 inputs, got %s", inputChannels.length);
    int a = inputChannels[0];
    int b = inputChannels[1];
    checkArgument(a == b || a == 1 || b == 1,
        "mul: inputs have %s and %s channels; they must be equal or one must have 1 channel", a, b);
    return Math.max(a, b);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * outputChannels(inputChannels);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    int channels = outputChannels(Inputs.channels(inputs));
    float[] a = Inputs.cropped(inputs.get(0), output).data();
    float[] b = Inputs.cropped(inputs.get(1), output).data();
    int n = Math.toIntExact(output.voxelCount());
    float[] product = new float[channels * n];
    for (int c = 0; c < channels; c++) {
      int baseA = a.length == n ? 0 : c * n;
      int baseB = b.length == n ? 0 : c * n;
      for (int i = 0; i < n; i++) {
        product[c * n + i] = a[baseA + i] * b[baseB + i];
      }
    }
    return Volume.wrap(output, channels, product);
  }

  @Override
  public String toString() {
    return "mul";
  }
}
