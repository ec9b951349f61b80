package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Element-wise sum of n &gt;= 1 inputs with equal channels and spatial extent (a residual
 * connection). Summed in input order in float32: ((in0 + in1) + in2) + ...
 */
public final class Add implements Voxelwise {
  @Override
  public String name() {
    return "add";
  }

  @Override
  public int inputCount() {
    return VARIADIC;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length >= 1, "add: needs at least one input");
    for (int c : inputChannels) {
      checkArgument(c == inputChannels[0], "add: inputs have different channel counts %s",
          java.util.Arrays.toString(inputChannels));
    }
    return inputChannels[0];
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0] * Math.max(0, inputChannels.length - 1);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    outputChannels(Inputs.channels(inputs));
    Volume first = inputs.get(0);
    Volume out = Inputs.croppedCopy(first, output);
    float[] sum = out.data();
    for (Volume in : inputs.subList(1, inputs.size())) {
      float[] term = Inputs.cropped(in, output).data();
      for (int i = 0; i < sum.length; i++) {
        sum[i] += term[i];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "add";
  }
}
