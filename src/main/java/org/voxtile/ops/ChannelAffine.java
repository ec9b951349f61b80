package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.volume.Volume;

/**
 * What a bound normalisation computes, per channel c and voxel:
 * {@code y = (x - center[c]) / divisor[c] * gain[c] + offset[c]} in double, optionally clipped to
 * [low, high], rounded once to float32; voxels outside the mask (per {@link MaskedVoxels.Rule})
 * are 0. Instance norm is (x - mean) / sqrt(var + eps) * weight + bias, the z-score
 * (x - mean) / max(std, 1e-8), min-max and percentile scaling (x - lo) / (hi - lo) * (b - a) + a.
 * Local and voxelwise: the output of a {@link GlobalOp#bind}.
 */
public final class ChannelAffine implements Voxelwise {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final double[] center;
  private final double[] divisor;
  private final double[] gain;
  private final double[] offset;
  private final boolean clip;
  private final double low;
  private final double high;
  private final MaskedVoxels.Rule mask;

  /**
   * @param name the global op's name, for messages and descriptions
   * @param clip whether to clip to [low, high] (ignored otherwise)
   * @param mask which voxels keep a value; {@link MaskedVoxels.Rule#MAP} reads a second input
   */
  public ChannelAffine(String name, double[] center, double[] divisor, double[] gain, double[] offset, boolean clip,
      double low, double high, MaskedVoxels.Rule mask) {
    int n = center.length;
    checkArgument(n >= 1 && divisor.length == n && gain.length == n && offset.length == n,
        "%s: one center, divisor, gain and offset per channel", name);
    this.name = name;
    this.center = center.clone();
    this.divisor = divisor.clone();
    this.gain = gain.clone();
    this.offset = offset.clone();
    this.clip = clip;
    this.low = low;
    this.high = high;
    this.mask = mask;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputCount() {
    return mask == MaskedVoxels.Rule.MAP ? 2 : 1;
  }

  public int channels() {
    return center.length;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == inputCount() && inputChannels[0] == channels(),
        "%s: input has %s channels, expected %s", name,
        inputChannels.length >= 1 ? inputChannels[0] : "no", channels());
    if (inputCount() == 2) {
      checkArgument(inputChannels[1] == 1 || inputChannels[1] == channels(),
          "%s: the mask has %s channels, expected 1 or %s", name, inputChannels[1], channels());
    }
    return channels();
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * channels();
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    outputChannels(Inputs.channels(inputs));
    Volume out = Inputs.croppedCopy(inputs.get(0), output);
    Volume maskMap = mask == MaskedVoxels.Rule.MAP ? Inputs.cropped(inputs.get(1), output) : null;
    float[] data = out.data();
    int n = out.voxelsPerChannel();
    for (int c = 0; c < channels(); c++) {
      int base = c * n;
      if (mask == MaskedVoxels.Rule.ALL && !clip) {
        mapRun(c, data, base, n);
        continue;
      }
      int maskBase = maskMap == null || maskMap.channels() == 1 ? 0 : base;
      for (int i = 0; i < n; i++) {
        float x = data[base + i];
        boolean inside = switch (mask) {
          case ALL -> true;
          case NONZERO -> x != 0;
          case MAP -> maskMap.data()[maskBase + i] != 0;
        };
        data[base + i] = inside ? map(c, x) : 0f;
      }
    }
    return out;
  }

  /** {@link #map} over a run of one channel without mask or clip: the norms' hot loop. */
  private void mapRun(int c, float[] data, int from, int length) {
    double ce = center[c];
    double dv = divisor[c];
    double g = gain[c];
    double o = offset[c];
    int done = VectorSupport.AVAILABLE ? VectorAffineRun.map(data, from, length, ce, dv, g, o) : 0;
    for (int i = from + done; i < from + length; i++) {
      data[i] = (float) ((data[i] - ce) / dv * g + o);
    }
  }

  private float map(int c, float x) {
    double y = (x - center[c]) / divisor[c] * gain[c] + offset[c];
    if (clip) {
      y = Math.min(Math.max(y, low), high);
    }
    return (float) y;
  }

  @Override
  public String toString() {
    return name + "(bound, " + channels() + " channels" + (mask == MaskedVoxels.Rule.ALL ? "" : ", mask " + mask)
        + ")";
  }
}
