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
public final class AvgPool3d implements Op {
  private final Window window;
  private final boolean ceilMode;
  private final boolean countIncludePad;
  private final int divisorOverride;
  private final int threads;

  /**
   * @param divisorOverride the divisor for every window, or 0 for PyTorch's rule
   * @throws IllegalArgumentException when dilation is not 1 or padding exceeds half the kernel
   */
  public AvgPool3d(Window window, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
    this(window, ceilMode, countIncludePad, divisorOverride, 1);
  }

  private AvgPool3d(Window window, boolean ceilMode, boolean countIncludePad, int divisorOverride,
      int threads) {
    for (int d = 0; d < 3; d++) {
      checkArgument(window.dilation(d) == 1, "avg_pool3d: no dilation in PyTorch: %s",
          window.dilation());
      checkArgument(window.padding(d) <= window.kernel(d) / 2,
          "avg_pool3d: padding %s must be at most half the kernel size %s", window.padding(),
          window.kernel());
    }
    checkArgument(divisorOverride >= 0, "avg_pool3d: divisor_override must be > 0 (or 0 for none): %s",
        divisorOverride);
    this.window = window;
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
    this.threads = threads;
  }

  /** The same pooling computed by {@code threads} threads (by channel and z-plane; same bits). */
  public AvgPool3d withThreads(int threads) {
    return new AvgPool3d(window, ceilMode, countIncludePad, divisorOverride, threads);
  }

  public Window window() {
    return window;
  }

  @Override
  public String name() {
    return "avg_pool3d";
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return Inputs.sameChannels(this, inputChannels);
  }

  @Override
  public Extent outputExtent(Extent input) {
    return window.outputExtent(input, ceilMode, name());
  }

  @Override
  public Box requiredInput(Box output) {
    return window.requiredInput(output);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0] * window.taps();
  }

  /**
   * Rows whose windows all lie inside the input run tap by tap over the row's interior (the same
   * per-voxel order kz, ky, kx; divisor kx*ky*kz or the override); the rest take the general
   * path with PyTorch's border rule.
   */
  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Inputs.checkOutput(this, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    int sx = window.stride(0);
    long ox0 = output.min().x();
    long first = Math.max(ox0, Math.floorDiv(window.padding(0) + sx - 1, (long) sx));
    long last = Math.min(output.max().x(),
        Math.floorDiv(inputExtent.x() - window.kernel(0) + window.padding(0), (long) sx) + 1);
    int nz = (int) output.extent().z();
    int nx = (int) output.extent().x();
    float divisor = divisorOverride > 0 ? divisorOverride : window.taps();
    Parallel.forRange(threads, in.channels() * nz, (from, to) -> {
      float[] sum = new float[nx];
      for (int unit = from; unit < to; unit++) {
        int ch = unit / nz;
        long z = output.min().z() + unit % nz;
        long z0 = z * window.stride(2) - window.padding(2);
        for (long y = output.min().y(); y < output.max().y(); y++) {
          long y0 = y * window.stride(1) - window.padding(1);
          int at = out.index(ch, ox0, y, z);
          boolean rowsInside = y0 >= 0 && z0 >= 0 && y0 + window.kernel(1) <= inputExtent.y()
              && z0 + window.kernel(2) <= inputExtent.z();
          if (rowsInside && last > first) {
            interiorRow(in, ch, y0, z0, first, last, sum);
            for (int i = 0; i < last - first; i++) {
              out.data()[at + (int) (first - ox0) + i] = sum[i] / divisor;
            }
          }
          for (long x = ox0; x < output.max().x(); x++) {
            if (!rowsInside || x < first || x >= last) {
              out.data()[at + (int) (x - ox0)] = average(in, ch, new long[] {x, y, z}, inputExtent);
            }
          }
        }
      }
    });
    return out;
  }

  /** Window sums of output x in [first, last) of a row whose windows are inside the input. */
  private void interiorRow(Volume in, int ch, long y0, long z0, long first, long last,
      float[] sum) {
    float[] src = in.data();
    int n = (int) (last - first);
    int sx = window.stride(0);
    java.util.Arrays.fill(sum, 0, n, 0f);
    long x0 = first * sx - window.padding(0);
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
  }

  /** One output voxel by PyTorch's rule (see the class comment). */
  private float average(Volume in, int ch, long[] o, Extent inputExtent) {
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
    return "avg_pool3d(" + window + (ceilMode ? ", ceil_mode" : "")
        + (countIncludePad ? ", count_include_pad" : "")
        + (divisorOverride > 0 ? ", divisor_override " + divisorOverride : "") + ")";
  }
}
