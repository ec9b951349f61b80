package org.voxtile.volume;

/**
 * The orthogonal factor of the polar decomposition of a 3x3 matrix: the closest orthogonal matrix
 * to it (nibabel and NIfTI's reference code take it from an SVD; {@code U V^T} is the same matrix).
 * Used for the qform of an sform with shear and for {@code io_orientation}.
 */
public final class PolarFactor {
  private PolarFactor() {}

  /**
   * By Newton's iteration {@code R <- (R + R^-T) / 2}, which converges quadratically for any
   * non-singular matrix; the identity for a singular or non-finite one.
   */
  public static double[][] of(double[][] matrix) {
    double[][] r = matrix;
    for (int iteration = 0; iteration < 50; iteration++) {
      double det = determinant(r);
      if (det == 0 || !Double.isFinite(det)) {
        return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
      }
      double[][] next = new double[3][3];
      double change = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          // (R^-T)[i][j] = cofactor(i, j) / det
          int i1 = (i + 1) % 3;
          int i2 = (i + 2) % 3;
          int j1 = (j + 1) % 3;
          int j2 = (j + 2) % 3;
          double cofactor = r[i1][j1] * r[i2][j2] - r[i1][j2] * r[i2][j1];
          next[i][j] = 0.5 * (r[i][j] + cofactor / det);
          change = Math.max(change, Math.abs(next[i][j] - r[i][j]));
        }
      }
      r = next;
      if (change < 1e-15) {
        break;
      }
    }
    return r;
  }

  /** The determinant of a 3x3 matrix. */
  public static double determinant(double[][] r) {
    return r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
        - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
        + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
  }
}
