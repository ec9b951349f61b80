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

  /**
   * @param divisorOverride the divisor for every window, or 0 for PyTorch's rule
   * @throws IllegalArgumentException when dilation is not 1 or padding exceeds half the kernel
   */
  public AvgPool3d(Window window, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
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
    checkArgument(inputChannels.length == 1, "avg_pool3d: expected 1 input, got %s",
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

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Inputs.checkOutput(this, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    float[] src = in.data();
    float[] dst = out.data();
    long[] start = new long[3];
    long[] end = new long[3];
    int at = 0;
    for (int ch = 0; ch < in.channels(); ch++) {
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            long padded = 1;
            long clipped = 1;
            long[] o = {x, y, z};
            for (int d = 0; d < 3; d++) {
              long s0 = o[d] * window.stride(d) - window.padding(d);
              long e0 = Math.min(s0 + window.kernel(d), inputExtent.get(d) + window.padding(d));
              padded *= e0 - s0;
              start[d] = Math.max(s0, 0);
              end[d] = Math.min(e0, inputExtent.get(d));
              clipped *= Math.max(0, end[d] - start[d]);
            }
            if (clipped == 0) {
              dst[at++] = 0f; // a window wholly in the padding: PyTorch leaves 0
              continue;
            }
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
            dst[at++] = sum / divisor;
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "avg_pool3d(" + window + (ceilMode ? ", ceil_mode" : "")
        + (countIncludePad ? ", count_include_pad" : "")
        + (divisorOverride > 0 ? ", divisor_override " + divisorOverride : "") + ")";
  }
}
