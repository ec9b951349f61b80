package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.stats.KeyHistogram;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.stats.Moments;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Percentiles;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * Per-scan intensity normalisation, per channel, with statistics over the voxels the mask selects
 * (all, the channel's non-zero voxels, or where a mask map, the op's second input, is non-zero);
 * voxels outside the mask are 0 in the output, as nnU-Net's {@code use_mask_for_norm}. Computed in
 * float64 from exact statistics, as NumPy would:
 *
 * <ul>
 *   <li>{@link Method#ZSCORE}: (x - mean) / max(std, 1e-8), population std;
 *   <li>{@link Method#MINMAX}: (x - min) / max(max - min, 1e-8) * (b - a) + a for out_range [a, b];
 *   <li>{@link Method#PERCENTILE}: the same with [lo, hi] = numpy.percentile(x, [p_lo, p_hi])
 *       (linear, exact order statistics, two passes), then clipped to [a, b] if asked.
 * </ul>
 *
 * <pre>{@code
 * Normalize n = Normalize.zscore(2, MaskedVoxels.Rule.NONZERO);
 * Volume out = n.applyWhole(scan);
 * }</pre>
 */
public final class Normalize implements GlobalOp {
  private static final long serialVersionUID = 1L;

  /** The smallest divisor: a constant channel maps to 0 (z-score) or a (min-max), never NaN. */
  public static final double FLOOR = 1e-8;

  /** How values are mapped. */
  public enum Method {
    ZSCORE, MINMAX, PERCENTILE
  }

  private final Method method;
  private final int channels;
  private final MaskedVoxels.Rule mask;
  private final double[] percentiles;
  private final double outLow;
  private final double outHigh;
  private final boolean clip;

  /**
   * @param percentiles [lo, hi] for {@link Method#PERCENTILE}, 0 &lt;= lo &lt; hi &lt;= 100; else ignored
   * @param outLow a of out_range (ignored for z-score)
   * @param outHigh b of out_range
   * @param clip clip the percentile mapping to [a, b]
   */
  public Normalize(Method method, int channels, MaskedVoxels.Rule mask, double[] percentiles, double outLow,
      double outHigh, boolean clip) {
    checkArgument(channels >= 1, "normalize: %s channels", channels);
    if (method == Method.PERCENTILE) {
      checkArgument(percentiles.length == 2 && percentiles[0] >= 0 && percentiles[1] <= 100
          && percentiles[0] < percentiles[1], "normalize: percentiles must be [lo, hi] with 0 <= lo < hi <= 100");
    }
    this.method = method;
    this.channels = channels;
    this.mask = mask;
    this.percentiles = method == Method.PERCENTILE ? percentiles.clone() : new double[0];
    this.outLow = outLow;
    this.outHigh = outHigh;
    this.clip = clip;
  }

  /** The z-score of each channel over the voxels {@code mask} selects. */
  public static Normalize zscore(int channels, MaskedVoxels.Rule mask) {
    return new Normalize(Method.ZSCORE, channels, mask, null, 0, 0, false);
  }

  @Override
  public String name() {
    return "normalize";
  }

  @Override
  public int inputCount() {
    return mask == MaskedVoxels.Rule.MAP ? 2 : 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == inputCount() && inputChannels[0] == channels,
        "normalize: input has %s channels, expected %s", inputChannels.length >= 1 ? inputChannels[0] : "no",
        channels);
    if (inputCount() == 2) {
      checkArgument(inputChannels[1] == 1 || inputChannels[1] == channels,
          "normalize: the mask has %s channels, expected 1 or %s", inputChannels[1], channels);
    }
    return channels;
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return (passes() + 1L) * output.voxelCount() * channels;
  }

  @Override
  public int passes() {
    return method == Method.PERCENTILE ? 2 : 1;
  }

  @Override
  public Partial reduce(int pass, List<Volume> inputs, Box region, Statistics earlier) {
    checkArgument(pass >= 0 && pass < passes(), "normalize has %s passes, not pass %s", passes(), pass);
    int[] slot = new int[channels];
    for (int c = 0; c < channels; c++) {
      slot[c] = c;
    }
    Volume maskMap = inputs.size() > 1 ? inputs.get(1) : null;
    if (method != Method.PERCENTILE) {
      Moments m = Moments.empty(channels);
      MaskedVoxels.visit(inputs.get(0), maskMap, mask, region, slot, m);
      return m;
    }
    KeyHistogram.Builder b = pass == 0 ? KeyHistogram.builder(channels, 16, null)
        : KeyHistogram.builder(channels, 0,
            Percentiles.binsNeeded(earlier.pass(0, KeyHistogram.class), percentiles));
    MaskedVoxels.visit(inputs.get(0), maskMap, mask, region, slot, b::add);
    return b.build();
  }

  /** @throws VoxtileException when the mask selects no voxel of a channel */
  @Override
  public Op bind(Statistics statistics) {
    double[] center = new double[channels];
    double[] divisor = new double[channels];
    double[] gain = new double[channels];
    double[] offset = new double[channels];
    for (int c = 0; c < channels; c++) {
      if (method == Method.PERCENTILE) {
        KeyHistogram top = statistics.pass(0, KeyHistogram.class);
        checkNotEmpty(c, top.total(c) + top.nan(c));
        double[] v = Percentiles.values(top, statistics.pass(1, KeyHistogram.class), c, percentiles);
        center[c] = v[0];
        divisor[c] = Math.max(v[1] - v[0], FLOOR);
      } else {
        Moments m = statistics.pass(0, Moments.class);
        checkNotEmpty(c, m.count(c));
        center[c] = method == Method.ZSCORE ? m.mean(c) : m.min(c);
        divisor[c] = Math.max(method == Method.ZSCORE ? Math.sqrt(m.variance(c)) : (double) m.max(c) - m.min(c), FLOOR);
      }
      gain[c] = method == Method.ZSCORE ? 1 : outHigh - outLow;
      offset[c] = method == Method.ZSCORE ? 0 : outLow;
    }
    boolean clipped = method == Method.PERCENTILE && clip;
    return new ChannelAffine("normalize", center, divisor, gain, offset, clipped, outLow, outHigh, mask);
  }

  private static void checkNotEmpty(int channel, long count) {
    if (count == 0) {
      throw new VoxtileException("normalize: the mask selects no voxel of channel " + channel
          + ", so its statistics are undefined; nothing was written");
    }
  }

  @Override
  public String toString() {
    return "normalize(" + method.name().toLowerCase(java.util.Locale.ROOT) + ", mask "
        + mask.name().toLowerCase(java.util.Locale.ROOT) + ", " + channels + " channels)";
  }
}
