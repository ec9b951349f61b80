package org.voxtile.stats;

import java.io.Serializable;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The exact sum of float32 values and the exact sum of their squares: a superaccumulator whose
 * result does not depend on the order of addition or on how the values were split between
 * accumulators that were then merged.
 *
 * <p>A finite float is {@code m * 2^(e - 150)} with an integer mantissa {@code m < 2^24} and a
 * biased exponent {@code e} in [1, 254] (subnormals use e = 1 without the hidden bit); its square
 * is {@code m^2 * 2^(2e - 300)} with {@code m^2 < 2^48}, exact. Each goes, as a signed long, into
 * the bucket of its power of two. Every {@value #BATCH} additions the buckets are normalised: each
 * keeps its low 32 bits (in [0, 2^32)) and carries the rest to the bucket 32 places up, so a
 * bucket never exceeds {@code 2^32 + 2^14 * 2^48 < 2^63}. The value is exact at all times:
 * {@code sum = sum_i bucket[i] * 2^(i - 150)}; {@link #sum()} and {@link #squares()} give it as an
 * integer times a fixed power of two, and a caller rounds the final statistic once
 * ({@link Moments}). The loop per value is a few integer operations, no allocation.
 *
 * <p>Infinities and NaN are counted apart: the sum is NaN if any term is NaN or both infinities
 * occur, else the infinity that occurs; the sum of squares is NaN if any term is NaN, else +inf if
 * any is infinite ({@link #special()}).
 *
 * <pre>{@code
 * FloatSums s = new FloatSums();
 * for (float v : values) s.add(v);
 * FloatSums total = s.merge(otherTile);    // identical for any split and order
 * }</pre>
 */
public final class FloatSums implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Additions between normalisations: 2^14 squares of 48 bits stay below 2^62. */
  static final int BATCH = 1 << 14;

  /** Bits a bucket keeps when normalised; the rest is carried this many buckets up. */
  private static final int KEEP = 32;

  /** Power of two of bucket 0 of the sums and of the squares. */
  static final int SUM_SCALE = -150;
  static final int SQUARE_SCALE = -300;

  // room above the largest exponent for the carries (their buckets are never normalised, and
  // stay far from overflow: the top of a 2^50-voxel sum of squares needs 62 bits there)
  private final long[] sums = new long[256 + 2 * KEEP];
  private final long[] squares = new long[512 + 2 * KEEP];
  private int pending;
  private long nan;
  private long positiveInfinities;
  private long negativeInfinities;

  /** Adds one value. */
  public void add(float value) {
    int bits = Float.floatToRawIntBits(value);
    int e = (bits >>> 23) & 0xff;
    long m = bits & 0x7fffff;
    if (e == 0xff) {
      addSpecial(bits, m);
      return;
    }
    if (e == 0) {
      e = 1; // subnormal: no hidden bit, the smallest exponent
    } else {
      m |= 0x800000;
    }
    sums[e] += bits < 0 ? -m : m;
    squares[2 * e] += m * m;
    if (++pending == BATCH) {
      normalise();
    }
  }

  private void addSpecial(int bits, long mantissa) {
    if (mantissa != 0) {
      nan++;
    } else if (bits < 0) {
      negativeInfinities++;
    } else {
      positiveInfinities++;
    }
  }

  /**
   * Adds {@code length} values of {@code values} from {@code offset}: as {@link #add} for each,
   * with the batch count checked once per run instead of per value (the hot loop of every norm).
   * Non-finite values count towards the batch here, which only normalises earlier.
   */
  public void addAll(float[] values, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int stop = i + Math.min(end - i, BATCH - pending);
      pending += stop - i;
      for (; i < stop; i++) {
        int bits = Float.floatToRawIntBits(values[i]);
        int e = (bits >>> 23) & 0xff;
        long m = bits & 0x7fffff;
        if (e == 0xff) {
          addSpecial(bits, m);
          continue;
        }
        if (e == 0) {
          e = 1;
        } else {
          m |= 0x800000;
        }
        sums[e] += bits < 0 ? -m : m;
        squares[2 * e] += m * m;
      }
      if (pending == BATCH) {
        normalise();
      }
    }
  }

  private void normalise() {
    carry(sums);
    carry(squares);
    pending = 0;
  }

  private static void carry(long[] buckets) {
    for (int i = 0; i < buckets.length - KEEP; i++) {
      long high = buckets[i] >> KEEP; // floor: the bucket keeps [0, 2^32)
      buckets[i] -= high << KEEP;
      buckets[i + KEEP] += high;
    }
  }

  /** This sum and {@code other} together, as a new accumulator; neither is changed. */
  public FloatSums merge(FloatSums other) {
    FloatSums a = copy();
    FloatSums b = other.copy();
    a.normalise();
    b.normalise();
    for (int i = 0; i < a.sums.length; i++) {
      a.sums[i] += b.sums[i];
    }
    for (int i = 0; i < a.squares.length; i++) {
      a.squares[i] += b.squares[i];
    }
    a.normalise();
    a.nan += b.nan;
    a.positiveInfinities += b.positiveInfinities;
    a.negativeInfinities += b.negativeInfinities;
    return a;
  }

  private FloatSums copy() {
    FloatSums c = new FloatSums();
    System.arraycopy(sums, 0, c.sums, 0, sums.length);
    System.arraycopy(squares, 0, c.squares, 0, squares.length);
    c.pending = pending;
    c.nan = nan;
    c.positiveInfinities = positiveInfinities;
    c.negativeInfinities = negativeInfinities;
    return c;
  }

  /** The finite values' sum as an integer S: the sum is {@code S * 2^-150} exactly. */
  public BigInteger sum() {
    return total(sums);
  }

  /** The finite values' sum of squares as an integer Q: it is {@code Q * 2^-300} exactly. */
  public BigInteger squares() {
    return total(squares);
  }

  private static BigInteger total(long[] buckets) {
    BigInteger t = BigInteger.ZERO;
    for (int i = buckets.length - 1; i >= 0; i--) {
      if (buckets[i] != 0) {
        t = t.add(BigInteger.valueOf(buckets[i]).shiftLeft(i));
      }
    }
    return t;
  }

  /**
   * What the non-finite terms make of the sum: 0 when there were none, else NaN or an infinity
   * (see the class comment); {@code ofSquares} for the sum of squares.
   */
  public double special(boolean ofSquares) {
    if (nan > 0 || (!ofSquares && positiveInfinities > 0 && negativeInfinities > 0)) {
      return Double.NaN;
    }
    if (ofSquares) {
      return positiveInfinities + negativeInfinities > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return positiveInfinities > 0 ? Double.POSITIVE_INFINITY
        : negativeInfinities > 0 ? Double.NEGATIVE_INFINITY : 0;
  }

  /** The sum rounded once to a double. */
  public double sumAsDouble() {
    double special = special(false);
    return special != 0 ? special : ExactRatio.of(sum(), BigInteger.ONE, SUM_SCALE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatSums f && f.sum().equals(sum()) && f.squares().equals(squares())
        && f.nan == nan && f.positiveInfinities == positiveInfinities && f.negativeInfinities == negativeInfinities;
  }

  @Override
  public int hashCode() {
    return sum().hashCode() * 31 + squares().hashCode() + Arrays.hashCode(new long[] {nan, positiveInfinities});
  }
}
