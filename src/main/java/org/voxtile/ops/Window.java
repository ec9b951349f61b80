package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;

/**
 * The sliding window of a convolution or pooling op, per axis (x, y, z): kernel size, stride,
 * padding (on both sides) and dilation, with PyTorch's meaning. Output voxel {@code o} along an
 * axis reads the input positions {@code o * stride - padding + k * dilation} for
 * {@code 0 <= k < kernel}; its window spans {@link #span(int)} = dilation * (kernel - 1) + 1
 * voxels.
 *
 * <pre>{@code
 * Window w = Window.of(3, 2, 1, 1);          // kernel 3, stride 2, padding 1, dilation 1
 * long n = w.outputSize(0, 181, false);      // 91, as torch.nn.functional.conv3d
 * Box needed = w.requiredInput(outputTile); // may reach outside the input: that part is padding
 * }</pre>
 */
public record Window(Extent kernel, Extent stride, Extent padding, Extent dilation)
    implements java.io.Serializable {
  public Window {
    checkArgument(kernel != null && stride != null && padding != null && dilation != null,
        "window sizes must not be null");
    checkArgument(kernel.x() >= 1 && kernel.y() >= 1 && kernel.z() >= 1,
        "kernel_size must be >= 1: %s", kernel);
    checkArgument(stride.x() >= 1 && stride.y() >= 1 && stride.z() >= 1,
        "stride must be >= 1: %s", stride);
    checkArgument(dilation.x() >= 1 && dilation.y() >= 1 && dilation.z() >= 1,
        "dilation must be >= 1: %s", dilation);
    checkArgument(kernel.x() <= 1 << 16 && stride.x() <= 1 << 16 && padding.x() <= 1 << 20,
        "window too large: kernel %s stride %s padding %s", kernel, stride, padding);
  }

  /** The same kernel size, stride, padding and dilation along all three axes. */
  public static Window of(int kernel, int stride, int padding, int dilation) {
    return new Window(Extent.cube(kernel), Extent.cube(stride), Extent.cube(padding),
        Extent.cube(dilation));
  }

  /** Kernel {@code kernel}, stride 1, no padding, dilation 1. */
  public static Window of(Extent kernel) {
    return new Window(kernel, Extent.cube(1), Extent.cube(0), Extent.cube(1));
  }

  public Window withStride(Extent s) {
    return new Window(kernel, s, padding, dilation);
  }

  public Window withPadding(Extent p) {
    return new Window(kernel, stride, p, dilation);
  }

  public Window withDilation(Extent d) {
    return new Window(kernel, stride, padding, d);
  }

  public int kernel(int d) {
    return (int) kernel.get(d);
  }

  public int stride(int d) {
    return (int) stride.get(d);
  }

  public int padding(int d) {
    return (int) padding.get(d);
  }

  public int dilation(int d) {
    return (int) dilation.get(d);
  }

  /** Voxels covered by one window along axis d: dilation * (kernel - 1) + 1. */
  public int span(int d) {
    return dilation(d) * (kernel(d) - 1) + 1;
  }

  /** Number of kernel taps, kx * ky * kz. */
  public int taps() {
    return kernel(0) * kernel(1) * kernel(2);
  }

  /**
   * PyTorch's output size along axis d for an input of {@code n} voxels:
   * floor((n + 2p - span) / s) + 1, or with {@code ceilMode} the ceiling, minus one when that
   * last window would start in the right padding (it must start inside the input or the left
   * padding). Returns a value &lt;= 0 when the padded input is shorter than one window.
   */
  public long outputSize(int d, long n, boolean ceilMode) {
    long numerator = n + 2L * padding(d) - span(d);
    if (numerator < 0) {
      return 0;
    }
    long s = stride(d);
    long size = (ceilMode ? Math.floorDiv(numerator + s - 1, s) : Math.floorDiv(numerator, s)) + 1;
    if (ceilMode && (size - 1) * s >= n + padding(d)) {
      size--;
    }
    return size;
  }

  /** {@link #outputSize} on all three axes; throws naming {@code op} when any is &lt; 1. */
  public Extent outputExtent(Extent input, boolean ceilMode, String op) {
    long x = outputSize(0, input.x(), ceilMode);
    long y = outputSize(1, input.y(), ceilMode);
    long z = outputSize(2, input.z(), ceilMode);
    checkArgument(x >= 1 && y >= 1 && z >= 1,
        "%s: input %s is smaller than one window (kernel %s, dilation %s, padding %s)",
        op, input, kernel, dilation, padding);
    return new Extent(x, y, z);
  }

  /**
   * The input voxels that the windows of {@code output} read, unclipped: it reaches below 0 or
   * beyond the input where the windows overlap the padding. An empty output gives an empty box.
   */
  public Box requiredInput(Box output) {
    if (output.isEmpty()) {
      Index3 at = firstInput(output.min());
      return new Box(at, at);
    }
    Index3 low = firstInput(output.min());
    Index3 lastStart = firstInput(output.max().minus(new Index3(1, 1, 1)));
    return new Box(low, new Index3(
        lastStart.x() + span(0), lastStart.y() + span(1), lastStart.z() + span(2)));
  }

  /** Where the window of output voxel {@code o} starts in the input: o * stride - padding. */
  public Index3 firstInput(Index3 o) {
    return new Index3(
        o.x() * stride(0) - padding(0), o.y() * stride(1) - padding(1), o.z() * stride(2) - padding(2));
  }

  @Override
  public String toString() {
    return "kernel " + kernel + " stride " + stride + " padding " + padding + " dilation " + dilation;
  }
}
