package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;

/**
 * Built-in fixed kernels for classic filters, as {@link Kernel}s (PyTorch weight order). Every
 * derivative kernel is oriented so that, applied by conv3d (a cross-correlation), it is positive
 * where intensity increases along +axis, and normalised so that a linear ramp of slope 1 along
 * that axis gives exactly 1.
 *
 * <pre>{@code
 * Conv3d smooth = Kernels.gaussian(1.0, 1.0, 2.0).depthwise(2);   // two channels
 * Conv3d dx = Kernels.sobel(0).depthwise(1);
 * }</pre>
 */
public final class Kernels {
  /** scipy.ndimage.gaussian_filter's default truncate. */
  public static final double TRUNCATE = 4.0;

  private Kernels() {}

  /**
   * scipy.ndimage.gaussian_filter's kernel: per axis radius int(truncate * sigma + 0.5), weights
   * exp(-x^2 / (2 sigma^2)) normalised to sum 1 in float64, the 3D kernel their outer product
   * (rounded to float32). Sigma 0 on an axis means no smoothing along it.
   */
  public static Kernel gaussian(double sigmaX, double sigmaY, double sigmaZ, double truncate) {
    double[][] axes = {gaussian1d(sigmaX, truncate), gaussian1d(sigmaY, truncate),
        gaussian1d(sigmaZ, truncate)};
    return separable(axes[0], axes[1], axes[2]);
  }

  public static Kernel gaussian(double sigmaX, double sigmaY, double sigmaZ) {
    return gaussian(sigmaX, sigmaY, sigmaZ, TRUNCATE);
  }

  /** Isotropic gaussian. */
  public static Kernel gaussian(double sigma) {
    return gaussian(sigma, sigma, sigma, TRUNCATE);
  }

  static double[] gaussian1d(double sigma, double truncate) {
    checkArgument(sigma >= 0 && truncate > 0, "gaussian: sigma %s must be >= 0, truncate %s > 0",
        sigma, truncate);
    int radius = (int) (truncate * sigma + 0.5);
    double[] w = new double[2 * radius + 1];
    if (radius == 0) {
      w[0] = 1;
      return w;
    }
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      w[i + radius] = Math.exp(-0.5 / (sigma * sigma) * i * i);
      sum += w[i + radius];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= sum;
    }
    return w;
  }

  /**
   * Sobel derivative along {@code axis} (0 = x, 1 = y, 2 = z), 3x3x3: central difference
   * (-1, 0, 1) / 2 along the axis times smoothing (1, 2, 1) / 4 along each other axis.
   */
  public static Kernel sobel(int axis) {
    return derivative(axis, new double[] {0.25, 0.5, 0.25});
  }

  /** Prewitt derivative along {@code axis}: (-1, 0, 1) / 2 times (1, 1, 1) / 3 across. */
  public static Kernel prewitt(int axis) {
    return derivative(axis, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3});
  }

  private static Kernel derivative(int axis, double[] smoothing) {
    checkArgument(axis >= 0 && axis < 3, "axis must be 0 (x), 1 (y) or 2 (z): %s", axis);
    double[][] axes = {smoothing, smoothing, smoothing};
    axes[axis] = new double[] {-0.5, 0, 0.5};
    return separable(axes[0], axes[1], axes[2]);
  }

  /**
   * The 6-neighbour discrete Laplacian, 3x3x3: -6 at the centre, 1 at the six face neighbours,
   * 0 elsewhere (sum 0; f = x^2 + y^2 + z^2 gives 6).
   */
  public static Kernel laplacian() {
    float[] v = new float[27];
    v[13] = -6f;
    v[4] = v[22] = v[10] = v[16] = v[12] = v[14] = 1f;
    return new Kernel(Extent.cube(3), v);
  }

  /** Mean over a box of {@code size}: every value 1 / (kx * ky * kz). */
  public static Kernel box(Extent size) {
    float[] v = new float[Math.toIntExact(size.voxelCount())];
    java.util.Arrays.fill(v, (float) (1.0 / size.voxelCount()));
    return new Kernel(size, v);
  }

  /** 1 at the centre of an odd-sized cube, 0 elsewhere: the output equals the input. */
  public static Kernel identity(int size) {
    checkArgument(size >= 1 && size % 2 == 1, "identity kernel size must be odd: %s", size);
    float[] v = new float[size * size * size];
    v[v.length / 2] = 1f;
    return new Kernel(Extent.cube(size), v);
  }

  /**
   * The edge (second difference) kernel (-1, 2, -1) along {@code axis}, size 3 along it and 1
   * across: positive on thin bright lines across the axis, 0 on linear ramps.
   */
  public static Kernel edge(int axis) {
    checkArgument(axis >= 0 && axis < 3, "axis must be 0 (x), 1 (y) or 2 (z): %s", axis);
    double[][] axes = {{1}, {1}, {1}};
    axes[axis] = new double[] {-1, 2, -1};
    return separable(axes[0], axes[1], axes[2]);
  }

  /** Outer product of three 1D kernels, rounded once to float32. */
  static Kernel separable(double[] x, double[] y, double[] z) {
    float[] v = new float[x.length * y.length * z.length];
    int i = 0;
    for (double a : x) {
      for (double b : y) {
        for (double c : z) {
          v[i++] = (float) (a * b * c);
        }
      }
    }
    return new Kernel(Extent.of(x.length, y.length, z.length), v);
  }
}
