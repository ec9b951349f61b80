package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.avg_pool3d} (no dilation, as in PyTorch) with ceil_mode,
 * count_include_pad and divisor_override. PyTorch's divisor rule, per axis for window start
 * {@code s0 = o * stride - padding}: the window is first clipped to [s0, min(s0 + k, n + padding))
 * (so a ceil_mode window hanging past the right padding counts only up to it), whose size is the
 * divisor with count_include_pad; then clipped to the input [max(s0, 0), min(end, n)), whose size
 * is the divisor without. divisor_override, when &gt; 0, replaces both. The sum runs over the
 * input voxels, kz, ky, kx ascending, in float32, then is divided once.
 *
 * <pre>{@code
 * AvgPool3d pool = new AvgPool3d(Window.of(3, 2, 1, 1), true, false, 0);
 * }</pre>
 */
public final class AvgPool3d implements PerChannel {
  /** Up to this stride along x, window sums are taken densely ({@link #interiorRow}). */
  private static final int DENSE_STRIDE = 4;

  private final PoolWindow pool;
  private final boolean countIncludePad;
  private final int divisorOverride;
  private final int threads;

  /**
   * @param divisorOverride the divisor for every window, or 0 for PyTorch's rule
   * @throws IllegalArgumentException when dilation is not 1 or padding exceeds half the kernel
   */
  public AvgPool3d(Window window, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
    this(checkedPool(window, ceilMode), countIncludePad, divisorOverride, 1);
  }

  private AvgPool3d(PoolWindow pool, boolean countIncludePad, int divisorOverride, int threads) {
    checkArgument(divisorOverride >= 0, "avg_pool3d: divisor_override must be > 0 (or 0 for none): %s",
        divisorOverride);
    this.pool = pool;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
    this.threads = threads;
  }

  /** Without dilation the window's span is its kernel size, which the loops below rely on. */
  private static PoolWindow checkedPool(Window window, boolean ceilMode) {
    for (int d = 0; d < 3; d++) {
      checkArgument(window.dilation(d) == 1, "avg_pool3d: no dilation in PyTorch: %s",
          window.dilation());
    }
    return PoolWindow.of(window, ceilMode, "avg_pool3d");
  }

  /** The same pooling computed by {@code threads} threads (by channel and z-plane; same bits). */
  public AvgPool3d withThreads(int threads) {
    return new AvgPool3d(pool, countIncludePad, divisorOverride, threads);
  }

  public Window window() {
    return pool.window();
  }

  @Override
  public String name() {
    return "avg_pool3d";
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
   * Rows whose windows all lie inside the input run tap by tap over the row's interior (the same
   * per-voxel order kz, ky, kx; divisor kx*ky*kz or the override); the rest take the general
   * path with PyTorch's border rule.
   */
  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    return pool.compute(threads, inputs.get(0), output, inputExtent, this::interiorRow,
        this::average);
  }

  /**
   * Window means of output x in [first, last) of a row whose windows are inside the input. With
   * the Vector API and a stride up to {@link #DENSE_STRIDE} the window sums are taken at every
   * input x of the run, not only at the window starts, a vector of them at a time over all taps
   * ({@link VectorAddRun}; a strided read does not vectorise), which pays for the sums thrown
   * away. Either way each kept sum adds the same values in the same order (kz, ky, kx from 0f),
   * so the bits are those of {@link #average}.
   */
  private void interiorRow(Volume in, int ch, long y0, long z0, long first, long last,
      float[] sum, float[] out, int at) {
    Window window = pool.window();
    float divisor = divisorOverride > 0 ? divisorOverride : window.taps();
    float[] src = in.data();
    int n = (int) (last - first);
    int sx = window.stride(0);
    long x0 = first * sx - window.padding(0);
    if (VectorSupport.AVAILABLE && sx <= DENSE_STRIDE) {
      int ky = window.kernel(1);
      int[] rows = new int[window.kernel(2) * ky];
      for (int c = 0; c < window.kernel(2); c++) {
        for (int b = 0; b < ky; b++) {
          rows[c * ky + b] = in.index(ch, x0, y0 + b, z0 + c);
        }
      }
      VectorAddRun.windowSums(src, rows, rows.length, window.kernel(0), sum, (n - 1) * sx + 1);
      for (int i = 0; i < n; i++) {
        out[at + i] = sum[i * sx] / divisor;
      }
      return;
    }
    java.util.Arrays.fill(sum, 0, n, 0f);
    for (int c = 0; c < window.kernel(2); c++) {
      for (int b = 0; b < window.kernel(1); b++) {
        int row = in.index(ch, x0, y0 + b, z0 + c);
        for (int a = 0; a < window.kernel(0); a++) {
          for (int i = 0; i < n; i++) {
            sum[i] += src[row + a + i * sx];
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      out[at + i] = sum[i] / divisor;
    }
  }

  /**
   * The same pooling with every voxel taken by the per-voxel rule ({@link #average}), one thread:
   * the scalar formula the row path must equal bit for bit.
   */
  Volume computeReference(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    for (int ch = 0; ch < in.channels(); ch++) {
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            out.data()[out.index(ch, x, y, z)] = average(in, ch, x, y, z, inputExtent);
          }
        }
      }
    }
    return out;
  }

  /** One output voxel by PyTorch's rule (see the class comment). */
  private float average(Volume in, int ch, long x, long y, long z, Extent inputExtent) {
    Window window = pool.window();
    long[] o = {x, y, z};
    long[] start = new long[3];
    long[] end = new long[3];
    long padded = 1;
    long clipped = 1;
    for (int d = 0; d < 3; d++) {
      long s0 = o[d] * window.stride(d) - window.padding(d);
      long e0 = Math.min(s0 + window.kernel(d), inputExtent.get(d) + window.padding(d));
      padded *= e0 - s0;
      start[d] = Math.max(s0, 0);
      end[d] = Math.min(e0, inputExtent.get(d));
      clipped *= Math.max(0, end[d] - start[d]);
    }
    if (clipped == 0) {
      return 0f; // a window wholly in the padding: PyTorch leaves 0
    }
    float[] src = in.data();
    float sum = 0f;
    for (long iz = start[2]; iz < end[2]; iz++) {
      for (long iy = start[1]; iy < end[1]; iy++) {
        int row = in.index(ch, start[0], iy, iz);
        for (int i = 0; i < end[0] - start[0]; i++) {
          sum += src[row + i];
        }
      }
    }
    long divisor = divisorOverride > 0 ? divisorOverride : countIncludePad ? padded : clipped;
    return sum / divisor;
  }

  @Override
  public String toString() {
    return "avg_pool3d(" + pool
        + (countIncludePad ? ", count_include_pad" : "")
        + (divisorOverride > 0 ? ", divisor_override " + divisorOverride : "") + ")";
  }
}
