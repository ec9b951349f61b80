package org.voxtile.tiling;

import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The weight of each voxel of a window when overlapping windows are blended, as MONAI's
 * {@code compute_importance_map} makes it (MONAI 0.9 to 1.x, docs/decisions.md §31): constant
 * ones, or a separable Gaussian with sigma {@code sigma_scale * roi} per axis, evaluated at the
 * offsets {@code -(n - 1) / 2 ... (n - 1) / 2} from the window's centre in float32 and multiplied
 * axis by axis (x, then y, then z) in float32; then every weight is clamped from below to the
 * smallest weight, or 1e-3 if that is smaller (MONAI's "handle non-positive weights"). float32
 * throughout, as MONAI computes it, so the weights match a PyTorch run to an ulp of its exp.
 *
 * <pre>{@code
 * Volume w = ImportanceMap.gaussian(Extent.cube(96), new double[] {0.125, 0.125, 0.125});
 * }</pre>
 */
public final class ImportanceMap {
  /** MONAI's floor of the weights: no voxel of a window counts for nothing. */
  static final float FLOOR = 1e-3f;

  private ImportanceMap() {}

  /** Every weight 1 ({@code blend: constant}). */
  public static Volume constant(Extent roi) {
    Volume w = Volume.zeros(Box.of(roi), 1);
    java.util.Arrays.fill(w.data(), 1f);
    return w;
  }

  /**
   * MONAI's Gaussian weights ({@code blend: gaussian}).
   *
   * @param sigmaScale per axis (x, y, z): sigma is this times the window's extent on that axis
   * @throws VoxtileException when a sigma scale is not positive and finite
   */
  public static Volume gaussian(Extent roi, double[] sigmaScale) {
    float[][] axes = new float[3][];
    for (int d = 0; d < 3; d++) {
      if (!(sigmaScale[d] > 0) || Double.isInfinite(sigmaScale[d])) {
        throw new VoxtileException("sigma_scale must be positive, not " + sigmaScale[d]);
      }
      axes[d] = axis((int) roi.get(d), roi.get(d) * sigmaScale[d]);
    }
    Volume w = Volume.zeros(Box.of(roi), 1);
    float[] data = w.data();
    int nx = axes[0].length;
    int ny = axes[1].length;
    int nz = axes[2].length;
    float min = Float.POSITIVE_INFINITY;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          float v = axes[0][x] * axes[1][y] * axes[2][z]; // (x * y) first, as MONAI's unsqueeze products
          data[(z * ny + y) * nx + x] = v;
          min = Math.min(min, v);
        }
      }
    }
    float floor = Math.max(min, FLOOR);
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.max(data[i], floor);
    }
    return w;
  }

  /** {@code exp(x^2 / (-2 sigma^2))} at {@code x = -(n-1)/2 ... (n-1)/2}, in float32 as torch. */
  private static float[] axis(int n, double sigma) {
    float divisor = (float) (-2 * sigma * sigma); // torch casts the Python scalar to the tensor's float32
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      float x = (float) (-(n - 1) / 2.0 + i);
      g[i] = (float) Math.exp(x * x / divisor);
    }
    return g;
  }
}
