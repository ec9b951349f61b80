package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.max_pool3d}: the maximum over each window, per channel, with -inf
 * padding, dilation and ceil_mode (the last window must start inside the input or the left
 * padding, see {@link Window#outputSize}). NaN propagates: a NaN in a window is its maximum, as in
 * PyTorch (branch-free {@code Math.max}, so random data costs no mispredicted branches). As in PyTorch, padding may be at most half the kernel size.
 *
 * <pre>{@code
 * MaxPool3d pool = new MaxPool3d(Window.of(2, 2, 0, 1), false);   // kernel 2, stride 2
 * }</pre>
 */
public final class MaxPool3d implements Op {
  private final Window window;
  private final boolean ceilMode;
  private final int threads;

  /** @throws IllegalArgumentException when padding exceeds half the kernel size on some axis */
  public MaxPool3d(Window window, boolean ceilMode) {
    this(window, ceilMode, 1);
  }

  private MaxPool3d(Window window, boolean ceilMode, int threads) {
    for (int d = 0; d < 3; d++) {
      checkArgument(window.padding(d) <= window.kernel(d) / 2,
          "max_pool3d: padding %s must be at most half the kernel size %s", window.padding(),
          window.kernel());
    }
    this.window = window;
    this.ceilMode = ceilMode;
    this.threads = threads;
  }

  /** The same pooling computed by {@code threads} threads (by channel and z-plane; same bits). */
  public MaxPool3d withThreads(int threads) {
    return new MaxPool3d(window, ceilMode, threads);
  }

  public Window window() {
    return window;
  }

  public boolean ceilMode() {
    return ceilMode;
  }

  @Override
  public String name() {
    return "max_pool3d";
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
   * Per output voxel: start at -inf, then for kz, ky, kx ascending max = Math.max(max, v) (NaN
   * wins, as in PyTorch; of 0.0 and -0.0 it keeps 0.0 where PyTorch keeps the first seen: equal
   * values, the sign of a zero may differ). Rows whose windows lie inside the input along y and z run tap by tap over the whole
   * interior of the row (the same per-voxel order, in a loop the JIT keeps tight); the rest go
   * through the bounds-checked path.
   */
  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Inputs.checkOutput(this, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    int nx = (int) output.extent().x();
    long ox0 = output.min().x();
    int sx = window.stride(0);
    // interior output x: windows inside [0, extent.x)
    long first = Math.max(ox0, ceilDiv(window.padding(0), sx));
    long last = Math.min(output.max().x(),
        Math.floorDiv(inputExtent.x() - window.span(0) + window.padding(0), (long) sx) + 1);
    int nz = (int) output.extent().z();
    Parallel.forRange(threads, in.channels() * nz, (from, to) -> {
      float[] max = new float[nx];
      for (int unit = from; unit < to; unit++) {
        int ch = unit / nz;
        long z = output.min().z() + unit % nz;
        long z0 = z * window.stride(2) - window.padding(2);
        for (long y = output.min().y(); y < output.max().y(); y++) {
          long y0 = y * window.stride(1) - window.padding(1);
          int at = out.index(ch, ox0, y, z);
          boolean rowsInside = y0 >= 0 && z0 >= 0 && y0 + window.span(1) <= inputExtent.y()
              && z0 + window.span(2) <= inputExtent.z();
          if (rowsInside && last > first) {
            interiorRow(in, ch, y0, z0, first, last, max);
            System.arraycopy(max, 0, out.data(), at + (int) (first - ox0), (int) (last - first));
          }
          for (long x = ox0; x < output.max().x(); x++) {
            if (!rowsInside || x < first || x >= last) {
              out.data()[at + (int) (x - ox0)] =
                  borderMax(in, ch, x * sx - window.padding(0), y0, z0, inputExtent);
            }
          }
        }
      }
    });
    return out;
  }

  /** Output x in [first, last) of one row whose windows are all inside the input. */
  private void interiorRow(Volume in, int ch, long y0, long z0, long first, long last,
      float[] max) {
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
  }

  private static long ceilDiv(long a, long b) {
    return Math.floorDiv(a + b - 1, b);
  }

  /** The same loop with -inf for positions outside the input extent (the padding). */
  private float borderMax(Volume in, int ch, long x0, long y0, long z0, Extent extent) {
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
    return "max_pool3d(" + window + (ceilMode ? ", ceil_mode" : "") + ")";
  }
}
