package org.voxtile.ops;

import org.voxtile.volume.Volume;

/**
 * The sums of trilinear interpolation in torch 1.13's order, given per axis the two source voxels
 * and weights of every output voxel ({@link InterpolationAxis#linear}). Two kernels, as torch has:
 * the channels-last one (eight weights lx * ly * lz, the terms summed in double in corner order
 * 000, 001, ..., 111, x the highest bit) and the separable one (along z, then y, then x, each step
 * {@code fma(t0, w0, t1 * w1)}). Both read all eight corners, zero weights included, so NaN and
 * infinity spread as in PyTorch.
 */
final class TrilinearSum {
  private TrilinearSum() {}

  /**
   * @param index per axis (x, y, z), two global source indices per output voxel of {@code out}
   * @param weight per axis, the two matching weights
   */
  static void fill(Volume in, Volume out, int[][] index, float[][] weight, boolean channelsLast) {
    float[] src = in.data();
    float[] dst = out.data();
    int nx = index[0].length / 2;
    int ny = index[1].length / 2;
    int nz = index[2].length / 2;
    long minX = in.box().min().x();
    int[] rows = new int[4];
    int k = 0;
    for (int c = 0; c < in.channels(); c++) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          // rows (y0, z0), (y0, z1), (y1, z0), (y1, z1): corner bits y, z
          for (int b = 0; b < 2; b++) {
            for (int e = 0; e < 2; e++) {
              rows[2 * b + e] = (int) (in.index(c, minX, index[1][2 * y + b], index[2][2 * z + e]) - minX);
            }
          }
          float wy0 = weight[1][2 * y];
          float wy1 = weight[1][2 * y + 1];
          float wz0 = weight[2][2 * z];
          float wz1 = weight[2][2 * z + 1];
          for (int x = 0; x < nx; x++) {
            int x0 = index[0][2 * x];
            int x1 = index[0][2 * x + 1];
            float wx0 = weight[0][2 * x];
            float wx1 = weight[0][2 * x + 1];
            dst[k++] = channelsLast
                ? cornerSum(src, rows, x0, x1, wx0, wx1, wy0, wy1, wz0, wz1)
                : separable(src, rows, x0, x1, wx0, wx1, wy0, wy1, wz0, wz1);
          }
        }
      }
    }
  }

  private static float cornerSum(float[] src, int[] rows, int x0, int x1, float wx0, float wx1,
      float wy0, float wy1, float wz0, float wz1) {
    double sum = 0;
    for (int a = 0; a < 2; a++) {
      int x = a == 0 ? x0 : x1;
      float wx = a == 0 ? wx0 : wx1;
      for (int b = 0; b < 2; b++) {
        float wxy = wx * (b == 0 ? wy0 : wy1);
        sum += (double) (wxy * wz0) * src[rows[2 * b] + x];
        sum += (double) (wxy * wz1) * src[rows[2 * b + 1] + x];
      }
    }
    return (float) sum;
  }

  private static float separable(float[] src, int[] rows, int x0, int x1, float wx0, float wx1,
      float wy0, float wy1, float wz0, float wz1) {
    float t0 = alongY(src, rows, x0, wy0, wy1, wz0, wz1);
    float t1 = alongY(src, rows, x1, wy0, wy1, wz0, wz1);
    return Math.fma(t0, wx0, t1 * wx1);
  }

  private static float alongY(float[] src, int[] rows, int x, float wy0, float wy1, float wz0, float wz1) {
    float t0 = Math.fma(src[rows[0] + x], wz0, src[rows[1] + x] * wz1);
    float t1 = Math.fma(src[rows[2] + x], wz0, src[rows[3] + x] * wz1);
    return Math.fma(t0, wy0, t1 * wy1);
  }
}
