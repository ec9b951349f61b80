package org.voxtile.features;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * Mergeable statistics of one channel's voxels: count, mean, standard deviation, min, max and
 * percentiles. A tile sums its voxels in double in a fixed order; tiles' sums are then added
 * exactly (BigDecimal), so merging in any order gives the same bits. Percentiles come from a histogram over the top 16 bits of each
 * float (sign, exponent, 7 mantissa bits): buckets are 2^-7 of their value wide whatever the
 * range, so partial histograms from tiles merge exactly, and a percentile (interpolated linearly
 * inside its bucket, clamped to [min, max]) is within 0.8% of the true value (relative), exact
 * when the bucket holds a single distinct value. NaN voxels are counted apart and left out of
 * everything else.
 */
public final class ChannelStats implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BUCKETS = 1 << 16;

  private long count;
  private long nanCount;
  private ExactSum sum = ExactSum.ZERO;
  private ExactSum sumSquares = ExactSum.ZERO;
  private float min = Float.POSITIVE_INFINITY;
  private float max = Float.NEGATIVE_INFINITY;
  /** Sorted bucket keys (order-preserving, see {@link #key}) and their counts. */
  private int[] keys = new int[0];
  private long[] counts = new long[0];

  /** Statistics of {@code n} values of {@code data} from {@code start}. */
  public static ChannelStats of(float[] data, int start, int n) {
    ChannelStats s = new ChannelStats();
    long[] dense = new long[BUCKETS];
    double sum = 0;
    double sumSquares = 0;
    for (int i = start; i < start + n; i++) {
      float v = data[i];
      if (Float.isNaN(v)) {
        s.nanCount++;
        continue;
      }
      s.count++;
      sum += v;
      sumSquares += (double) v * v;
      s.min = Math.min(s.min, v);
      s.max = Math.max(s.max, v);
      dense[key(v)]++;
    }
    s.sum = ExactSum.ZERO.plus(sum);
    s.sumSquares = ExactSum.ZERO.plus(sumSquares);
    int used = 0;
    for (long c : dense) {
      used += c == 0 ? 0 : 1;
    }
    s.keys = new int[used];
    s.counts = new long[used];
    for (int k = 0, at = 0; k < BUCKETS; k++) {
      if (dense[k] != 0) {
        s.keys[at] = k;
        s.counts[at++] = dense[k];
      }
    }
    return s;
  }

  /** Bucket of v: its float bits made order-preserving (negatives flipped), top 16 bits. */
  private static int key(float v) {
    int bits = Float.floatToIntBits(v == 0 ? 0f : v); // -0 and +0 share a bucket
    int ordered = bits < 0 ? ~bits : bits | 0x80000000;
    return ordered >>> 16;
  }

  /** Smallest float of bucket k (as an ordered value) for k in [0, 2^16], 2^16 meaning +inf. */
  private static double bucketStart(int k) {
    if (k >= BUCKETS) {
      return Double.POSITIVE_INFINITY;
    }
    int ordered = k << 16;
    int bits = ordered < 0 ? ordered & 0x7fffffff : ~ordered;
    return Float.intBitsToFloat(bits);
  }

  /** Both sets of voxels together. Merging in a fixed order gives fixed bits. */
  ChannelStats merge(ChannelStats o) {
    ChannelStats m = new ChannelStats();
    m.count = count + o.count;
    m.nanCount = nanCount + o.nanCount;
    m.sum = sum.plus(o.sum);
    m.sumSquares = sumSquares.plus(o.sumSquares);
    m.min = Math.min(min, o.min);
    m.max = Math.max(max, o.max);
    int[] k = new int[keys.length + o.keys.length];
    long[] c = new long[k.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < keys.length || j < o.keys.length) {
      if (j >= o.keys.length || (i < keys.length && keys[i] < o.keys[j])) {
        k[n] = keys[i];
        c[n++] = counts[i++];
      } else if (i >= keys.length || o.keys[j] < keys[i]) {
        k[n] = o.keys[j];
        c[n++] = o.counts[j++];
      } else {
        k[n] = keys[i];
        c[n++] = counts[i++] + o.counts[j++];
      }
    }
    m.keys = Arrays.copyOf(k, n);
    m.counts = Arrays.copyOf(c, n);
    return m;
  }

  public long count() {
    return count;
  }

  public long nanCount() {
    return nanCount;
  }

  public double mean() {
    return count == 0 ? Double.NaN : sum.dividedBy(count);
  }

  /** Population standard deviation. */
  public double std() {
    if (count == 0) {
      return Double.NaN;
    }
    if (sum.special() != 0 || sumSquares.special() != 0) {
      return Double.NaN; // infinite voxels
    }
    BigDecimal n = BigDecimal.valueOf(count);
    BigDecimal mean = sum.exact().divide(n, MathContext.DECIMAL128);
    BigDecimal variance = sumSquares.exact().divide(n, MathContext.DECIMAL128).subtract(mean.multiply(mean));
    return Math.sqrt(Math.max(0, variance.doubleValue()));
  }

  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The p-th percentile (0..100), linear between order statistics, from the histogram. */
  public double percentile(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    double rank = p / 100.0 * (count - 1);
    long seen = 0;
    for (int b = 0; b < keys.length; b++) {
      if (rank < seen + counts[b]) {
        double lo = Math.max(min, bucketStart(keys[b]));
        double hi = Math.min(max, bucketStart(keys[b] + 1));
        if (hi <= lo || counts[b] == 1) {
          return lo;
        }
        double within = (rank - seen) / (counts[b] - 1);
        return lo + Math.min(1, within) * (hi - lo);
      }
      seen += counts[b];
    }
    return max;
  }
}
