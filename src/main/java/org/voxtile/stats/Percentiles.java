package org.voxtile.stats;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;

/**
 * Exact percentiles by distributed selection, with {@code numpy.percentile(a, p,
 * method='linear')}'s interpolation in double. Pass 1 counts every value's key in 65536 bins
 * ({@link KeyHistogram} with shift 16); the merged counts locate the bins that hold the order
 * statistics needed (ranks floor(h) and floor(h) + 1 of h = (n - 1) p / 100, per percentile: at
 * most four bins). Pass 2 counts the full keys of only the values in those bins (shift 0), which
 * gives the order statistics exactly. Nothing is estimated: the result is numpy's on the same
 * float32 values converted to float64.
 *
 * <p>NaN: a slot with a NaN value has NaN percentiles (as numpy). A slot with no values has none;
 * callers report that (an empty mask) before asking.
 *
 * <pre>{@code
 * int[][] bins = Percentiles.binsNeeded(top, new double[] {0.5, 99.5});   // after pass 1
 * double[] v = Percentiles.values(top, low, channel, new double[] {0.5, 99.5});  // after pass 2
 * }</pre>
 */
public final class Percentiles {
  private Percentiles() {}

  /**
   * numpy's ranks for percentile {@code p} of {@code n} values: h = (n - 1) (p / 100), and
   * the 0-based ranks floor(h) and floor(h) + 1, both clamped to n - 1.
   */
  static long[] ranks(long n, double p) {
    double h = virtualIndex(n, p);
    long below = (long) Math.floor(h);
    if (h >= n - 1) {
      return new long[] {n - 1, n - 1};
    }
    return new long[] {Math.max(0, below), Math.max(0, below + 1)};
  }

  private static double virtualIndex(long n, double p) {
    return (n - 1) * (p / 100);
  }

  /**
   * After pass 1: per slot, the first-pass bins that hold the order statistics the percentiles
   * need (empty for a slot without values or with NaN).
   */
  public static int[][] binsNeeded(KeyHistogram top, double[] percentiles) {
    checkArgument(top.shift() == 16, "pass 1 needs a histogram of key >> 16");
    int[][] needed = new int[top.slots()][];
    for (int s = 0; s < top.slots(); s++) {
      long n = top.total(s);
      if (n == 0 || top.nan(s) > 0) {
        needed[s] = new int[0];
        continue;
      }
      int[] bins = new int[2 * percentiles.length];
      for (int i = 0; i < percentiles.length; i++) {
        long[] r = ranks(n, percentiles[i]);
        bins[2 * i] = binOf(top, s, r[0]);
        bins[2 * i + 1] = binOf(top, s, r[1]);
      }
      needed[s] = Arrays.stream(bins).distinct().sorted().toArray();
    }
    return needed;
  }

  /** The pass-1 bin holding rank {@code rank} (0-based) of {@code slot}. */
  private static int binOf(KeyHistogram top, int slot, long rank) {
    int[] bins = top.bins(slot);
    long[] counts = top.counts(slot);
    long below = 0;
    for (int i = 0; i < bins.length; i++) {
      if (rank < below + counts[i]) {
        return bins[i];
      }
      below += counts[i];
    }
    throw new IllegalArgumentException("rank " + rank + " beyond " + below + " values");
  }

  /** The exact value of rank {@code rank} of {@code slot}, from both passes. */
  static float orderStatistic(KeyHistogram top, KeyHistogram low, int slot, long rank) {
    int bin = binOf(top, slot, rank);
    long before = 0; // values in lower first-pass bins
    int[] topBins = top.bins(slot);
    long[] topCounts = top.counts(slot);
    for (int i = 0; i < topBins.length && topBins[i] < bin; i++) {
      before += topCounts[i];
    }
    int[] keys = low.bins(slot);
    long[] counts = low.counts(slot);
    long seen = before;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] >> 16 != bin) {
        continue;
      }
      if (rank < seen + counts[i]) {
        return KeyHistogram.value(keys[i]);
      }
      seen += counts[i];
    }
    throw new IllegalArgumentException("pass 2 did not count bin " + bin + " of slot " + slot);
  }

  /**
   * {@code numpy.percentile(values, percentiles, method='linear')} of {@code slot}'s values in
   * float64; NaN when the slot has a NaN value.
   *
   * @throws IllegalArgumentException when the slot has no values
   */
  public static double[] values(KeyHistogram top, KeyHistogram low, int slot, double[] percentiles) {
    checkArgument(low.shift() == 0, "pass 2 needs a histogram of whole keys");
    long n = top.total(slot);
    checkArgument(n > 0, "no values in slot %s", slot);
    double[] out = new double[percentiles.length];
    for (int i = 0; i < percentiles.length; i++) {
      if (top.nan(slot) > 0) {
        out[i] = Double.NaN;
        continue;
      }
      long[] r = ranks(n, percentiles[i]);
      double a = orderStatistic(top, low, slot, r[0]);
      double b = r[1] == r[0] ? a : orderStatistic(top, low, slot, r[1]);
      double h = virtualIndex(n, percentiles[i]);
      double gamma = h >= n - 1 ? 0 : h - Math.floor(h);
      out[i] = r[1] == r[0] ? a : lerp(a, b, gamma);
    }
    return out;
  }

  /** numpy's {@code _lerp}: a + (b - a) t, or b - (b - a)(1 - t) for t >= 0.5. */
  static double lerp(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }
}
