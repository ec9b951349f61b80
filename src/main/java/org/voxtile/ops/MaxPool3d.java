package org.voxtile.ops;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.max_pool3d}: the maximum over each window, per channel, with -inf
 * padding, dilation and ceil_mode (the last window must start inside the input or the left
 * padding, see {@link Window#outputSize}). NaN propagates: a NaN in a window is its maximum, as in
 * PyTorch (branch-free {@code Math.max}, so random data costs no mispredicted branches). As in
 * PyTorch, padding may be at most half the kernel size.
 *
 * <pre>{@code
 * MaxPool3d pool = new MaxPool3d(Window.of(2, 2, 0, 1), false);   // kernel 2, stride 2
 * }</pre>
 */
public final class MaxPool3d implements PerChannel {
  private final PoolWindow pool;
  private final int threads;

  /** @throws IllegalArgumentException when padding exceeds half the kernel size on some axis */
  public MaxPool3d(Window window, boolean ceilMode) {
    this(PoolWindow.of(window, ceilMode, "max_pool3d"), 1);
  }

  private MaxPool3d(PoolWindow pool, int threads) {
    this.pool = pool;
    this.threads = threads;
  }

  /** The same pooling computed by {@code threads} threads (by channel and z-plane; same bits). */
  public MaxPool3d withThreads(int threads) {
    return new MaxPool3d(pool, threads);
  }

  public Window window() {
    return pool.window();
  }

  public boolean ceilMode() {
    return pool.ceilMode();
  }

  @Override
  public String name() {
    return "max_pool3d";
  }

  @Override
  public Extent outputExtent(Extent input) {
    return pool.outputExtent(input, name());
  }

  @Override
  public Box requiredInput(Box output) {
    return pool.window().requiredInput(output);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return pool.macs(output, inputChannels[0]);
  }

  /**
   * Per output voxel: start at -inf, then for kz, ky, kx ascending max = Math.max(max, v) (NaN
   * wins, as in PyTorch; of 0.0 and -0.0 it keeps 0.0 where PyTorch keeps the first seen: equal
   * values, the sign of a zero may differ). Rows whose windows lie inside the input along y and z
   * run tap by tap over the whole interior of the row (the same per-voxel order, in a loop the JIT
   * keeps tight); the rest go through the bounds-checked path.
   */
  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    return pool.compute(threads, inputs.get(0), output, inputExtent, this::interiorRow,
        this::borderMax);
  }

  /** Output x in [first, last) of one row whose windows are all inside the input. */
  private void interiorRow(Volume in, int ch, long y0, long z0, long first, long last,
      float[] max, float[] out, int at) {
    Window window = pool.window();
    float[] src = in.data();
    int n = (int) (last - first);
    int sx = window.stride(0);
    java.util.Arrays.fill(max, 0, n, Float.NEGATIVE_INFINITY);
    long x0 = first * sx - window.padding(0);
    for (int c = 0; c < window.kernel(2); c++) {
      for (int b = 0; b < window.kernel(1); b++) {
        int row = in.index(ch, x0, y0 + (long) b * window.dilation(1),
            z0 + (long) c * window.dilation(2));
        for (int a = 0; a < window.kernel(0); a++) {
          int from = row + a * window.dilation(0);
          for (int i = 0; i < n; i++) {
            max[i] = Math.max(max[i], src[from + i * sx]);
          }
        }
      }
    }
    System.arraycopy(max, 0, out, at, n);
  }

  /** The same loop with -inf for positions outside the input extent (the padding). */
  private float borderMax(Volume in, int ch, long ox, long oy, long oz, Extent extent) {
    Window window = pool.window();
    long x0 = ox * window.stride(0) - window.padding(0);
    long y0 = oy * window.stride(1) - window.padding(1);
    long z0 = oz * window.stride(2) - window.padding(2);
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < window.kernel(2); c++) {
      long z = z0 + (long) c * window.dilation(2);
      for (int b = 0; b < window.kernel(1); b++) {
        long y = y0 + (long) b * window.dilation(1);
        for (int a = 0; a < window.kernel(0); a++) {
          long x = x0 + (long) a * window.dilation(0);
          if (x < 0 || y < 0 || z < 0 || x >= extent.x() || y >= extent.y() || z >= extent.z()) {
            continue;
          }
          max = Math.max(max, in.data()[in.index(ch, x, y, z)]);
        }
      }
    }
    return max;
  }

  @Override
  public String toString() {
    return "max_pool3d(" + pool + ")";
  }
}
