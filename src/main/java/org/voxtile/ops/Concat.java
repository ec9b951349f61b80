package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Stacks the channels of n &gt;= 1 inputs with equal spatial extent, in input order
 * ({@code torch.cat(dim=1)}), e.g. a U-Net skip connection.
 */
public final class Concat implements Voxelwise {
  @Override
  public String name() {
    return "concat";
  }

  @Override
  public int inputCount() {
    return VARIADIC;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length >= 1, "concat: needs at least one input");
    int total = 0;
    for (int c : inputChannels) {
      checkArgument(c >= 1, "concat: input with %s channels", c);
      total = Math.addExact(total, c);
    }
    return total;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    int channels = outputChannels(Inputs.channels(inputs));
    Volume out = Volume.zeros(output, channels);
    int at = 0;
    for (Volume in : inputs) {
      float[] part = Inputs.cropped(in, output).data();
      System.arraycopy(part, 0, out.data(), at, part.length);
      at += part.length;
    }
    return out;
  }

  @Override
  public String toString() {
    return "concat";
  }
}
