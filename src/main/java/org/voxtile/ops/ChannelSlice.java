package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Channels [first, first + count) of its input, unchanged: how a node that names one pipeline
 * input (say {@code t2}) reads it out of the stacked input channels.
 */
public final class ChannelSlice implements Voxelwise {
  private final int first;
  private final int count;

  public ChannelSlice(int first, int count) {
    checkArgument(first >= 0 && count >= 1, "channel slice [%s, %s) is empty or negative", first, first + count);
    this.first = first;
    this.count = count;
  }

  @Override
  public String name() {
    return "channels";
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == 1 && first + count <= inputChannels[0],
        "channels [%s, %s) of an input with %s", first, first + count, inputChannels[0]);
    return count;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    return Inputs.cropped(inputs.get(0), output).channels(first, count);
  }

  @Override
  public String toString() {
    return "channels[" + first + ", " + (first + count) + ")";
  }
}
