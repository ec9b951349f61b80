package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;

/**
 * A fixed 3D kernel of size (kx, ky, kz), values in PyTorch weight order (kz fastest): value
 * {@code (a, b, c)} at {@code (a * ky + b) * kz + c} multiplies the input at offset
 * (x + a - rx, y + b - ry, z + c - rz) around output voxel (x, y, z), r = (k - 1) / 2, when used
 * with {@link #depthwise(int)}. conv3d is a cross-correlation: a dirac input gives this kernel
 * reversed along every axis (mirrored through its centre).
 */
public record Kernel(Extent size, float[] values) {
  public Kernel {
    checkArgument(!size.isEmpty() && values.length == size.voxelCount(),
        "kernel of size %s needs %s values, got %s", size, size.voxelCount(), values.length);
  }

  public float get(int a, int b, int c) {
    return values[(int) ((a * size.y() + b) * size.z() + c)];
  }

  /** Sum of all values. */
  public double sum() {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  /**
   * The conv3d weight of shape (channels, 1, kx, ky, kz) applying this kernel to each channel
   * on its own (groups = channels).
   */
  public float[] depthwiseWeight(int channels) {
    float[] w = new float[Math.multiplyExact(channels, values.length)];
    for (int c = 0; c < channels; c++) {
      System.arraycopy(values, 0, w, c * values.length, values.length);
    }
    return w;
  }

  /**
   * The depthwise conv3d that filters each of {@code channels} channels with this kernel,
   * stride 1, zero padding (k - 1) / 2 per axis: same output size for odd kernel sizes (as
   * scipy.ndimage with mode='constant'), one voxel less per even-sized axis.
   */
  public Conv3d depthwise(int channels) {
    Extent padding = new Extent((size.x() - 1) / 2, (size.y() - 1) / 2, (size.z() - 1) / 2);
    Window window = Window.of(size).withPadding(padding);
    return new Conv3d(channels, channels, window, channels, depthwiseWeight(channels), null);
  }
}
