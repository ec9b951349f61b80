package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;

/**
 * The argument rules conv3d and conv_transpose3d share, as PyTorch states them for both: channels
 * and groups, the weight's length for its shape, one bias per output channel, the thread count,
 * and the channels of the one input. Each check names the op, since a pipeline's error must say
 * which kind of node to fix.
 */
final class ConvArguments {
  private ConvArguments() {}

  /** in_channels, out_channels and groups are >= 1 and both channel counts divide by groups. */
  static void checkChannels(String op, int inChannels, int outChannels, int groups) {
    checkArgument(inChannels >= 1 && outChannels >= 1 && groups >= 1,
        "%s: channels and groups must be >= 1: in %s out %s groups %s",
        op, inChannels, outChannels, groups);
    checkArgument(inChannels % groups == 0 && outChannels % groups == 0,
        "%s: in_channels %s and out_channels %s must be divisible by groups %s",
        op, inChannels, outChannels, groups);
  }

  /**
   * The weight holds a tensor of shape (rows, perGroup, kx, ky, kz): (out, in / groups, ...) for
   * conv3d, (in, out / groups, ...) for conv_transpose3d.
   */
  static void checkWeight(String op, float[] weight, int rows, int perGroup, Extent kernel) {
    long expected = (long) rows * perGroup * kernel.voxelCount();
    checkArgument(weight != null && weight.length == expected,
        "%s: weight has %s values, shape (%s, %s, %s) needs %s", op,
        weight == null ? 0 : weight.length, rows, perGroup, kernel, expected);
  }

  /** The bias, one per output channel, or zeros when there is none. */
  static float[] biasOrZeros(String op, float[] bias, int outChannels) {
    checkArgument(bias == null || bias.length == outChannels,
        "%s: bias has %s values, expected out_channels %s", op, bias == null ? 0 : bias.length,
        outChannels);
    return bias == null ? new float[outChannels] : bias;
  }

  static void checkThreads(String op, int threads) {
    checkArgument(threads >= 1, "%s: threads must be >= 1: %s", op, threads);
  }

  /** The output channels for the one input's channels, which must be in_channels. */
  static int outputChannels(String op, int inChannels, int outChannels, int... inputChannels) {
    checkArgument(inputChannels.length == 1, "%s: expected 1 input, got %s", op,
        inputChannels.length);
    checkArgument(inputChannels[0] == inChannels,
        "%s: input has %s channels, the weight expects in_channels %s", op, inputChannels[0],
        inChannels);
    return outChannels;
  }
}
