package org.voxtile.ops;

/**
 * PyTorch 1.13's source-index rules for one axis of {@code interpolate} (ATen/native/UpSample.h:
 * {@code compute_scales_value}, {@code area_pixel_compute_scale},
 * {@code area_pixel_compute_source_index}, {@code compute_source_index_and_lambda},
 * {@code nearest_idx}, {@code nearest_neighbor_exact_compute_source_index}), in the same float and
 * double steps, so that voxtile reads the same voxels with the same weights. docs/decisions.md §29.
 *
 * <p>The rules depend only on the global output index, never on a tile, which is what makes a
 * tile's voxels equal the whole map's. Every map from output index to source index is
 * non-decreasing, so the input an output range reads follows from its first and last voxel.
 */
final class InterpolationAxis {
  /** Largest denominator tried when writing 1 / scale_factor as a fraction (unbounded grid). */
  private static final long MAX_DENOMINATOR = 1L << 20;

  private final long in;
  private final long out;
  private final Interpolate.Mode mode;
  private final boolean alignCorners;
  /** torch's float scale: input voxels per output voxel. */
  private final float ratio;
  /** The same ratio as a fraction num / den, for the unbounded grid. */
  private final long num;
  private final long den;

  /**
   * @param scale the scale factor torch's kernel is given, or NaN when it is not (size given, or
   *     recompute_scale_factor): then the ratio is in / out
   */
  InterpolationAxis(long in, long out, Interpolate.Mode mode, boolean alignCorners, double scale) {
    this.in = in;
    this.out = out;
    this.mode = mode;
    this.alignCorners = alignCorners;
    boolean given = !Double.isNaN(scale) && scale > 0;
    if (alignCorners) {
      ratio = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
    } else {
      ratio = given ? (float) (1.0 / scale) : (float) in / (float) out;
    }
    long[] fraction = alignCorners ? new long[] {out > 1 ? in - 1 : 0, Math.max(1, out - 1)}
        : given ? fraction(1.0 / scale) : new long[] {in, out};
    num = fraction[0];
    den = fraction[1];
  }

  /**
   * The source voxel of output {@code i} in the nearest modes. {@code channelsLast} is torch's
   * kernel for a channels-last input (one channel, or a single voxel), whose legacy {@code nearest}
   * copies when out == in and halves when out == 2 in whatever the scale factor said.
   */
  long nearest(long i, boolean channelsLast) {
    if (mode == Interpolate.Mode.NEAREST_EXACT) {
      return Math.min((long) Math.floor((float) ((i + 0.5) * (double) ratio)), in - 1);
    }
    if (channelsLast && out == in) {
      return i;
    }
    if (channelsLast && out == 2 * in) {
      return i >> 1;
    }
    return Math.min((long) Math.floor((float) i * ratio), in - 1);
  }

  /**
   * Trilinear: the two source voxels of output {@code i} and their weights, into
   * {@code index[at]}, {@code index[at + 1]}, {@code weight[at]}, {@code weight[at + 1]}. The
   * source position is a double (torch's acc_type), the weights floats; the second voxel is the
   * first at the last input voxel, and it is read even when its weight is 0.
   */
  void linear(long i, int[] index, float[] weight, int at) {
    if (out == in) {
      index[at] = (int) i;
      index[at + 1] = (int) i;
      weight[at] = 1f;
      weight[at + 1] = 0f;
      return;
    }
    double real = alignCorners ? (double) ratio * i : (double) ratio * (i + 0.5) - 0.5;
    if (!alignCorners && real < 0) {
      real = 0;
    }
    long i0 = (long) real;
    float lambda1 = (float) (real - i0);
    index[at] = (int) i0;
    index[at + 1] = (int) (i0 < in - 1 ? i0 + 1 : i0);
    weight[at] = 1f - lambda1;
    weight[at + 1] = lambda1;
  }

  /** The input voxels [first, end) that outputs [min, max) read (both nearest kernels' hull). */
  long[] reads(long min, long max) {
    if (min >= max) {
      return new long[] {0, 0};
    }
    if (mode == Interpolate.Mode.TRILINEAR) {
      int[] index = new int[4];
      float[] unused = new float[4];
      linear(min, index, unused, 0);
      linear(max - 1, index, unused, 2);
      return new long[] {index[0], index[3] + 1L};
    }
    long first = Math.min(nearest(min, false), nearest(min, true));
    long last = Math.max(nearest(max - 1, false), nearest(max - 1, true));
    return new long[] {first, last + 1};
  }

  /**
   * The input voxels outputs [min, max) depend on where the input has no end: torch's rules with
   * the exact ratio num / den and no clamping. A trilinear tap of weight 0 (the source position
   * falls on a voxel) is left out, so a voxel's region is centred on its source position.
   */
  long[] unbounded(long min, long max) {
    if (min >= max) {
      return new long[] {0, 0};
    }
    if (mode == Interpolate.Mode.TRILINEAR && out == in) {
      return new long[] {min, max};
    }
    return switch (mode) {
      case NEAREST -> new long[] {Math.floorDiv(min * num, den), Math.floorDiv((max - 1) * num, den) + 1};
      case NEAREST_EXACT -> new long[] {Math.floorDiv((2 * min + 1) * num, 2 * den),
          Math.floorDiv((2 * max - 1) * num, 2 * den) + 1};
      case TRILINEAR -> {
        // source position = n / d: align_corners i * num / den, else ((2i + 1) num - den) / (2 den)
        long d = alignCorners ? den : 2 * den;
        long firstN = alignCorners ? min * num : (2 * min + 1) * num - den;
        long lastN = alignCorners ? (max - 1) * num : (2 * max - 1) * num - den;
        long end = Math.floorDiv(lastN, d) + (Math.floorMod(lastN, d) == 0 ? 1 : 2);
        yield new long[] {Math.floorDiv(firstN, d), end};
      }
    };
  }

  /**
   * x as num / den with the smallest denominator (up to 2^20) within 1e-12 x, from its continued
   * fraction: 1 / 0.7 becomes 10 / 7, not the binary double's neighbour.
   */
  static long[] fraction(double x) {
    long h0 = 1;
    long h1 = 0;
    long k0 = 0;
    long k1 = 1;
    double rest = x;
    for (int step = 0; step < 64; step++) {
      long a = (long) Math.floor(rest);
      long h = a * h0 + h1;
      long k = a * k0 + k1;
      if (k > MAX_DENOMINATOR) {
        break;
      }
      h1 = h0;
      h0 = h;
      k1 = k0;
      k0 = k;
      double frac = rest - a;
      if (Math.abs((double) h0 / k0 - x) <= 1e-12 * x || frac < 1e-15) {
        break;
      }
      rest = 1 / frac;
    }
    return new long[] {h0, k0};
  }
}
