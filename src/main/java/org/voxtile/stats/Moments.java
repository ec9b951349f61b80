package org.voxtile.stats;

import static org.voxtile.Checks.checkArgument;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Exact count, sum, sum of squares, minimum and maximum of float32 values, per slot (a channel,
 * or a group of channels): the partial reduction of instance norm, group norm and the z-score and
 * min-max normalisations. Merging is exact ({@link FloatSums}); min and max are exact anyway
 * ({@code Math.min} and {@code Math.max} propagate NaN, and -0.0 is below 0.0, whatever the order).
 * The statistics are rounded once, from the exact sums: {@link #mean} = S / n and
 * {@link #variance} = (n Q - S^2) / n^2, the population (biased) variance.
 *
 * <pre>{@code
 * Moments m = Moments.empty(channels);
 * m.add(c, value);                       // while building one tile's partial
 * Moments total = (Moments) Partial.mergeAll(tiles);
 * double mean = total.mean(c), var = total.variance(c);
 * }</pre>
 */
public final class Moments implements Partial, MaskedVoxels.Sink {
  private static final long serialVersionUID = 1L;

  private final long[] counts;
  private final FloatSums[] sums;
  private final float[] min;
  private final float[] max;

  private Moments(int slots) {
    checkArgument(slots >= 1, "moments need at least one slot: %s", slots);
    counts = new long[slots];
    sums = new FloatSums[slots];
    min = new float[slots];
    max = new float[slots];
    for (int s = 0; s < slots; s++) {
      sums[s] = new FloatSums();
    }
    Arrays.fill(min, Float.POSITIVE_INFINITY);
    Arrays.fill(max, Float.NEGATIVE_INFINITY);
  }

  /** Moments of no values, to add to; {@link #add} mutates it until it is handed on. */
  public static Moments empty(int slots) {
    return new Moments(slots);
  }

  /** Adds one value to {@code slot}. Only while building a partial: partials are immutable once merged. */
  @Override
  public void add(int slot, float value) {
    counts[slot]++;
    sums[slot].add(value);
    min[slot] = Math.min(min[slot], value);
    max[slot] = Math.max(max[slot], value);
  }

  /**
   * Adds a run of values to {@code slot}: the same result as {@link #add} for each, with
   * {@code Math.min}/{@code max}'s rules (NaN wins, -0 below +0) kept by plain comparisons that
   * only look closer at zeros and NaN, so the loop costs a compare per bound.
   */
  @Override
  public void addRun(int slot, float[] values, int from, int length) {
    counts[slot] += length;
    sums[slot].addAll(values, from, length);
    float lo = min[slot];
    float hi = max[slot];
    boolean nan = false;
    for (int i = from; i < from + length; i++) {
      float x = values[i];
      if (x < lo) {
        lo = x;
      } else if (x == 0 && lo == 0 && Float.floatToRawIntBits(x) < 0) {
        lo = x;
      }
      if (x > hi) {
        hi = x;
      } else if (x == 0 && hi == 0 && Float.floatToRawIntBits(x) >= 0) {
        hi = x;
      }
      nan |= x != x;
    }
    min[slot] = nan ? Float.NaN : lo;
    max[slot] = nan ? Float.NaN : hi;
  }

  public int slots() {
    return counts.length;
  }

  @Override
  public Moments merge(Partial other) {
    checkArgument(other instanceof Moments m && m.slots() == slots(),
        "cannot merge moments of %s slots with %s", slots(), other);
    Moments o = (Moments) other;
    Moments r = new Moments(slots());
    for (int s = 0; s < slots(); s++) {
      r.counts[s] = counts[s] + o.counts[s];
      r.sums[s] = sums[s].merge(o.sums[s]);
      r.min[s] = Math.min(min[s], o.min[s]);
      r.max[s] = Math.max(max[s], o.max[s]);
    }
    return r;
  }

  /** Values added to {@code slot}. */
  public long count(int slot) {
    return counts[slot];
  }

  /** The exact sum and sum of squares of {@code slot}. */
  public FloatSums sums(int slot) {
    return sums[slot];
  }

  /** The smallest value (+inf when none; NaN when any was NaN). */
  public float min(int slot) {
    return min[slot];
  }

  /** The largest value (-inf when none; NaN when any was NaN). */
  public float max(int slot) {
    return max[slot];
  }

  /**
   * The mean S / n, rounded once; NaN for no values or a NaN term, an infinity when the values
   * hold only that infinity.
   */
  public double mean(int slot) {
    if (counts[slot] == 0) {
      return Double.NaN;
    }
    double special = sums[slot].special(false);
    return special != 0 ? special
        : ExactRatio.of(sums[slot].sum(), BigInteger.valueOf(counts[slot]), FloatSums.SUM_SCALE);
  }

  /**
   * The population variance (n Q - S^2) / n^2, rounded once from the exact sums (never negative);
   * NaN for no values, any NaN term or any infinite term (inf - inf).
   */
  public double variance(int slot) {
    long n = counts[slot];
    if (n == 0 || sums[slot].special(true) != 0) {
      return Double.NaN;
    }
    BigInteger s = sums[slot].sum();
    BigInteger count = BigInteger.valueOf(n);
    // S is scaled by 2^-150 and Q by 2^-300, so n Q - S^2 is an integer times 2^-300
    BigInteger numerator = count.multiply(sums[slot].squares()).subtract(s.multiply(s));
    return ExactRatio.of(numerator, count.multiply(count), FloatSums.SQUARE_SCALE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Moments m && Arrays.equals(counts, m.counts) && Arrays.equals(sums, m.sums)
        && Arrays.equals(min, m.min) && Arrays.equals(max, m.max);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Arrays.hashCode(min);
  }

  @Override
  public String toString() {
    return "Moments" + Arrays.toString(counts);
  }
}
