package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The window of a max or avg pooling op with its ceil_mode: the geometry both pools share
 * (PyTorch's output size, the at-most-half-kernel padding rule, which output voxels have windows
 * wholly inside the input) and the walk over an output box's rows that splits each row into its
 * interior, pooled tap by tap over the whole run, and its border voxels, pooled one by one with the
 * op's padding rule. What a window keeps (its maximum, its mean) stays in the op: this class never
 * touches a value.
 *
 * <pre>{@code
 * PoolWindow pool = PoolWindow.of(Window.of(2, 2, 0, 1), true, "max_pool3d");
 * Extent out = pool.outputExtent(Extent.of(7, 7, 7), "max_pool3d");   // 4x4x4: ceil_mode
 * }</pre>
 */
record PoolWindow(Window window, boolean ceilMode) implements java.io.Serializable {
  /** Pools output x in [first, last) of one row whose windows all lie inside the input. */
  interface InteriorRow {
    /**
     * @param y0 first input row of the windows (y * sy - py), z0 likewise
     * @param scratch at least (last - first) * stride x floats, the caller's to reuse between rows
     * @param out where output x = first goes: {@code out[at]}, then consecutive x
     */
    void pool(Volume in, int channel, long y0, long z0, long first, long last, float[] scratch,
        float[] out, int at);
  }

  /** Pools the window of one output voxel that may reach into the padding. */
  interface BorderVoxel {
    float pool(Volume in, int channel, long x, long y, long z, Extent inputExtent);
  }

  /**
   * @throws IllegalArgumentException naming {@code op} when padding exceeds half the kernel size
   *     on some axis (PyTorch's rule for every pooling op)
   */
  static PoolWindow of(Window window, boolean ceilMode, String op) {
    for (int d = 0; d < 3; d++) {
      checkArgument(window.padding(d) <= window.kernel(d) / 2,
          "%s: padding %s must be at most half the kernel size %s", op, window.padding(),
          window.kernel());
    }
    return new PoolWindow(window, ceilMode);
  }

  /** PyTorch's output extent, ceil_mode's last-window rule included ({@link Window#outputSize}). */
  Extent outputExtent(Extent input, String op) {
    return window.outputExtent(input, ceilMode, op);
  }

  /** Comparisons (max) or additions (avg) for one output of this extent. */
  long macs(Extent output, int channels) {
    return output.voxelCount() * channels * window.taps();
  }

  /**
   * The first output x whose window starts inside the input: ceil(px / sx). Output x in
   * [firstInteriorX, endInteriorX) read no padding along x.
   */
  long firstInteriorX() {
    return Math.floorDiv(window.padding(0) + window.stride(0) - 1, (long) window.stride(0));
  }

  /** One past the last output x whose window ends inside an input {@code inputX} voxels wide. */
  long endInteriorX(long inputX) {
    return Math.floorDiv(inputX - window.span(0) + window.padding(0), (long) window.stride(0)) + 1;
  }

  /** Whether the windows starting at input row y0 and plane z0 read no padding along y and z. */
  boolean rowInside(long y0, long z0, Extent inputExtent) {
    return y0 >= 0 && z0 >= 0 && y0 + window.span(1) <= inputExtent.y()
        && z0 + window.span(2) <= inputExtent.z();
  }

  /**
   * Computes {@code output} for every channel of {@code in}: the interior of each row (see
   * {@link #firstInteriorX}) by {@code interior}, the other voxels by {@code border}. Work is
   * split by channel and output z-plane over {@code threads} threads; every voxel is pooled by
   * the same code whatever the split, so the bits do not depend on it.
   */
  Volume compute(int threads, Volume in, Box output, Extent inputExtent, InteriorRow interior,
      BorderVoxel border) {
    Volume out = Volume.zeros(output, in.channels());
    int nx = (int) output.extent().x();
    long ox0 = output.min().x();
    long first = Math.max(ox0, firstInteriorX());
    long last = Math.min(output.max().x(), endInteriorX(inputExtent.x()));
    int nz = (int) output.extent().z();
    Parallel.forRange(threads, in.channels() * nz, (from, to) -> {
      float[] scratch = new float[nx * window.stride(0)];
      for (int unit = from; unit < to; unit++) {
        int ch = unit / nz;
        long z = output.min().z() + unit % nz;
        long z0 = z * window.stride(2) - window.padding(2);
        for (long y = output.min().y(); y < output.max().y(); y++) {
          long y0 = y * window.stride(1) - window.padding(1);
          int at = out.index(ch, ox0, y, z);
          boolean inside = rowInside(y0, z0, inputExtent);
          if (inside && last > first) {
            interior.pool(in, ch, y0, z0, first, last, scratch, out.data(),
                at + (int) (first - ox0));
          }
          for (long x = ox0; x < output.max().x(); x++) {
            if (!inside || x < first || x >= last) {
              out.data()[at + (int) (x - ox0)] = border.pool(in, ch, x, y, z, inputExtent);
            }
          }
        }
      }
    });
    return out;
  }

  @Override
  public String toString() {
    return window + (ceilMode ? ", ceil_mode" : "");
  }
}
