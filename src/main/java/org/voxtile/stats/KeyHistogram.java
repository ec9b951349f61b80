package org.voxtile.stats;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;

/**
 * Exact counts of float32 values per bin of their order-preserving key, per slot (channel): the
 * partial reduction of a distributed selection ({@link Percentiles}). The key of a float is its
 * bit pattern with the magnitude bits flipped for negative values, a signed int in the floats'
 * order ({@link #key}); a bin is the key shifted right by {@link #shift()} bits: 16 for the first
 * pass (65536 bins over all floats), 0 for the second (single keys, restricted to the few
 * first-pass bins that hold the ranks wanted). Bins are stored sparsely, sorted, so a partial of
 * a small tile is small. NaN values are counted apart and hold no rank.
 *
 * <pre>{@code
 * KeyHistogram.Builder b = KeyHistogram.builder(channels, 16, null);
 * b.add(c, value);
 * KeyHistogram top = (KeyHistogram) Partial.mergeAll(partials);
 * }</pre>
 */
public final class KeyHistogram implements Partial {
  private static final long serialVersionUID = 1L;

  private final int shift;
  private final int[][] bins;
  private final long[][] counts;
  private final long[] nan;

  private KeyHistogram(int shift, int[][] bins, long[][] counts, long[] nan) {
    this.shift = shift;
    this.bins = bins;
    this.counts = counts;
    this.nan = nan;
  }

  /** The order-preserving key of a float: {@code key(a) < key(b)} iff a &lt; b, and -0.0 &lt; 0.0. */
  public static int key(float value) {
    int bits = Float.floatToRawIntBits(value);
    return bits ^ ((bits >> 31) & 0x7fffffff);
  }

  /** The float of a key (the inverse of {@link #key}). */
  public static float value(int key) {
    return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7fffffff));
  }

  /**
   * A builder for one partial.
   *
   * @param shift bits dropped from the key: 16 for the first pass, 0 for the second
   * @param within per slot, the first-pass bins (key >> 16) whose values to count, or null for all
   */
  public static Builder builder(int slots, int shift, int[][] within) {
    return new Builder(slots, shift, within);
  }

  /** Collects the bins of one tile's values; {@link #build()} sorts and counts them. */
  public static final class Builder {
    /** Values from which counting all 65536 first-pass bins beats sorting the tile's keys. */
    private static final int DENSE_FROM = 1 << 14;

    private final int shift;
    private final int[][] within;
    private final int[][] keys;
    private final int[] sizes;
    private final long[] nan;

    private Builder(int slots, int shift, int[][] within) {
      checkArgument(shift == 0 || shift == 16, "key histogram shift must be 0 or 16: %s", shift);
      checkArgument(within == null || within.length == slots, "one bin list per slot");
      this.shift = shift;
      this.within = within;
      this.keys = new int[slots][16];
      this.sizes = new int[slots];
      this.nan = new long[slots];
    }

    public void add(int slot, float value) {
      if (value != value) {
        nan[slot]++;
        return;
      }
      int key = key(value);
      if (within != null && !contains(within[slot], key >> 16)) {
        return;
      }
      if (sizes[slot] == keys[slot].length) {
        keys[slot] = Arrays.copyOf(keys[slot], 2 * keys[slot].length);
      }
      keys[slot][sizes[slot]++] = key >> shift;
    }

    private static boolean contains(int[] list, int bin) {
      for (int b : list) {
        if (b == bin) {
          return true;
        }
      }
      return false;
    }

    public KeyHistogram build() {
      int slots = sizes.length;
      int[][] bins = new int[slots][];
      long[][] counts = new long[slots][];
      for (int s = 0; s < slots; s++) {
        if (shift == 16 && sizes[s] > DENSE_FROM) {
          countDense(s, bins, counts);
          continue;
        }
        int[] k = Arrays.copyOf(keys[s], sizes[s]);
        Arrays.sort(k);
        int distinct = 0;
        for (int i = 0; i < k.length; i++) {
          distinct += i == 0 || k[i] != k[i - 1] ? 1 : 0;
        }
        bins[s] = new int[distinct];
        counts[s] = new long[distinct];
        int at = -1;
        for (int i = 0; i < k.length; i++) {
          if (i == 0 || k[i] != k[i - 1]) {
            bins[s][++at] = k[i];
          }
          counts[s][at]++;
        }
      }
      return new KeyHistogram(shift, bins, counts, nan.clone());
    }

    /** Counts a large tile's first-pass bins in an array of all 65536 (linear, not a sort). */
    private void countDense(int s, int[][] bins, long[][] counts) {
      long[] dense = new long[1 << 16];
      for (int i = 0; i < sizes[s]; i++) {
        dense[keys[s][i] + (1 << 15)]++;
      }
      int distinct = 0;
      for (long c : dense) {
        distinct += c > 0 ? 1 : 0;
      }
      bins[s] = new int[distinct];
      counts[s] = new long[distinct];
      int at = 0;
      for (int b = 0; b < dense.length; b++) {
        if (dense[b] > 0) {
          bins[s][at] = b - (1 << 15);
          counts[s][at++] = dense[b];
        }
      }
    }
  }

  public int shift() {
    return shift;
  }

  public int slots() {
    return bins.length;
  }

  /** The non-empty bins of {@code slot}, ascending. */
  public int[] bins(int slot) {
    return bins[slot].clone();
  }

  /** The count of each of {@link #bins}. */
  public long[] counts(int slot) {
    return counts[slot].clone();
  }

  /** Values counted in {@code slot} (NaN excluded). */
  public long total(int slot) {
    long n = 0;
    for (long c : counts[slot]) {
      n += c;
    }
    return n;
  }

  /** NaN values seen in {@code slot}. */
  public long nan(int slot) {
    return nan[slot];
  }

  @Override
  public KeyHistogram merge(Partial other) {
    checkArgument(other instanceof KeyHistogram h && h.shift == shift && h.slots() == slots(),
        "cannot merge a key histogram (shift %s, %s slots) with %s", shift, slots(), other);
    KeyHistogram o = (KeyHistogram) other;
    int slots = slots();
    int[][] b = new int[slots][];
    long[][] c = new long[slots][];
    long[] n = new long[slots];
    for (int s = 0; s < slots; s++) {
      mergeSlot(bins[s], counts[s], o.bins[s], o.counts[s], b, c, s);
      n[s] = nan[s] + o.nan[s];
    }
    return new KeyHistogram(shift, b, c, n);
  }

  /** Merges two sorted sparse histograms (a merge of sorted lists, adding equal bins). */
  private static void mergeSlot(int[] b1, long[] c1, int[] b2, long[] c2, int[][] bOut, long[][] cOut, int s) {
    int[] b = new int[b1.length + b2.length];
    long[] c = new long[b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < b1.length || j < b2.length) {
      if (j == b2.length || (i < b1.length && b1[i] < b2[j])) {
        b[n] = b1[i];
        c[n++] = c1[i++];
      } else if (i == b1.length || b2[j] < b1[i]) {
        b[n] = b2[j];
        c[n++] = c2[j++];
      } else {
        b[n] = b1[i];
        c[n++] = c1[i++] + c2[j++];
      }
    }
    bOut[s] = Arrays.copyOf(b, n);
    cOut[s] = Arrays.copyOf(c, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyHistogram h && h.shift == shift && Arrays.deepEquals(h.bins, bins)
        && Arrays.deepEquals(h.counts, counts) && Arrays.equals(h.nan, nan);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(bins) * 31 + Arrays.deepHashCode(counts);
  }

  @Override
  public String toString() {
    return "KeyHistogram[shift " + shift + ", " + slots() + " slots]";
  }
}
