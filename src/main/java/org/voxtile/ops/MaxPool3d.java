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
 * PyTorch. As in PyTorch, padding may be at most half the kernel size.
 *
 * <pre>{@code
 * MaxPool3d pool = new MaxPool3d(Window.of(2, 2, 0, 1), false);   // kernel 2, stride 2
 * }</pre>
 */
public final class MaxPool3d implements Op {
  private final Window window;
  private final boolean ceilMode;

  /** @throws IllegalArgumentException when padding exceeds half the kernel size on some axis */
  public MaxPool3d(Window window, boolean ceilMode) {
    for (int d = 0; d < 3; d++) {
      checkArgument(window.padding(d) <= window.kernel(d) / 2,
          "max_pool3d: padding %s must be at most half the kernel size %s", window.padding(),
          window.kernel());
    }
    this.window = window;
    this.ceilMode = ceilMode;
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
    checkArgument(inputChannels.length == 1, "max_pool3d: expected 1 input, got %s",
        inputChannels.length);
    return inputChannels[0];
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

  /** Per output voxel: start at -inf, then for kz, ky, kx take v when v &gt; max or v is NaN. */
  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Inputs.checkOutput(this, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    float[] src = in.data();
    float[] dst = out.data();
    int[] offsets = new int[window.taps()];
    int kx = window.kernel(0);
    int ky = window.kernel(1);
    int kz = window.kernel(2);
    int sx = window.stride(0);
    int sy = window.stride(1);
    int sz = window.stride(2);
    int t = 0;
    int nx = (int) in.extent().x();
    int nxy = nx * (int) in.extent().y();
    for (int c = 0; c < kz; c++) {
      for (int b = 0; b < ky; b++) {
        for (int a = 0; a < kx; a++) {
          offsets[t++] = c * window.dilation(2) * nxy + b * window.dilation(1) * nx
              + a * window.dilation(0);
        }
      }
    }
    Box inside = Box.of(inputExtent);
    int out0 = 0;
    for (int ch = 0; ch < in.channels(); ch++) {
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            long x0 = x * sx - window.padding(0);
            long y0 = y * sy - window.padding(1);
            long z0 = z * sz - window.padding(2);
            float max = Float.NEGATIVE_INFINITY;
            if (fullyInside(x0, y0, z0, inside)) {
              int base = in.index(ch, x0, y0, z0);
              for (int offset : offsets) {
                float v = src[base + offset];
                if (v > max || Float.isNaN(v)) {
                  max = v;
                }
              }
            } else {
              max = borderMax(in, ch, x0, y0, z0, inputExtent);
            }
            dst[out0++] = max;
          }
        }
      }
    }
    return out;
  }

  private boolean fullyInside(long x0, long y0, long z0, Box inside) {
    return x0 >= 0 && y0 >= 0 && z0 >= 0
        && x0 + window.span(0) <= inside.max().x()
        && y0 + window.span(1) <= inside.max().y()
        && z0 + window.span(2) <= inside.max().z();
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
          float v = in.data()[in.index(ch, x, y, z)];
          if (v > max || Float.isNaN(v)) {
            max = v;
          }
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
