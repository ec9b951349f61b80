package org.voxtile.ops;

import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.softmax(x, dim=1)} and {@code log_softmax(x, dim=1)}: over the
 * channels of each voxel, the channel maximum m subtracted first as PyTorch does, so that large
 * logits do not overflow: softmax = exp(x - m) / sum exp(x - m), log_softmax = (x - m) - log(sum
 * exp(x - m)). Each voxel is evaluated in float64 over its channels in channel order and rounded
 * once, so the bits depend on the voxel's values only, never on the tile. A NaN in any channel
 * makes every channel of that voxel NaN, as in PyTorch.
 *
 * <pre>{@code
 * Volume probabilities = ChannelSoftmax.softmax().apply(logits);
 * }</pre>
 */
public final class ChannelSoftmax implements Voxelwise, PerChannel, InPlace {
  private static final long serialVersionUID = 1L;
  /** Voxels handled together, so that the per-voxel maxima and sums stay small and in cache. */
  private static final int BLOCK = 1024;

  private final boolean log;

  private ChannelSoftmax(boolean log) {
    this.log = log;
  }

  public static ChannelSoftmax softmax() {
    return new ChannelSoftmax(false);
  }

  public static ChannelSoftmax logSoftmax() {
    return new ChannelSoftmax(true);
  }

  @Override
  public String name() {
    return log ? "log_softmax" : "softmax";
  }

  /** The maximum, the exponential and its sum, and the normalisation: three per value. */
  @Override
  public long macs(Extent output, int... inputChannels) {
    return 3 * output.voxelCount() * inputChannels[0];
  }


  @Override
  public void computeInPlace(Volume map) {
    float[] data = map.data();
    int n = map.voxelsPerChannel();
    int channels = map.channels();
    double[] max = new double[BLOCK];
    double[] sum = new double[BLOCK];
    for (int from = 0; from < n; from += BLOCK) {
      int count = Math.min(BLOCK, n - from);
      java.util.Arrays.fill(max, 0, count, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(sum, 0, count, 0.0);
      for (int c = 0; c < channels; c++) {
        int base = c * n + from;
        for (int i = 0; i < count; i++) {
          // Math.max keeps a NaN, which then spreads to every channel of the voxel as in PyTorch
          max[i] = Math.max(max[i], data[base + i]);
        }
      }
      for (int c = 0; c < channels; c++) {
        int base = c * n + from;
        for (int i = 0; i < count; i++) {
          sum[i] += Math.exp(data[base + i] - max[i]);
        }
      }
      for (int i = 0; i < count && log; i++) {
        sum[i] = Math.log(sum[i]);
      }
      for (int c = 0; c < channels; c++) {
        int base = c * n + from;
        for (int i = 0; i < count; i++) {
          double shifted = data[base + i] - max[i];
          data[base + i] = (float) (log ? shifted - sum[i] : Math.exp(shifted) / sum[i]);
        }
      }
    }
  }

  @Override
  public String toString() {
    return name() + "(dim=1)";
  }
}
