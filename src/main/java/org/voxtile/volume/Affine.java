package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;

/**
 * An immutable 4x4 affine mapping voxel indices (i, j, k) to world coordinates (x, y, z) in the
 * NIfTI sense (RAS+, millimetres by convention), row-major, last row {@code 0 0 0 1}.
 */
public final class Affine implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public static final Affine IDENTITY = diagonal(1, 1, 1);

  private final double[] m; // row-major 4x4

  private Affine(double[] rowMajor) {
    this.m = rowMajor;
  }

  /** From 16 row-major values; the last row must be 0 0 0 1. */
  public static Affine ofRowMajor(double... rowMajor) {
    checkArgument(rowMajor.length == 16, "affine needs 16 values, got %s", rowMajor.length);
    checkArgument(rowMajor[12] == 0 && rowMajor[13] == 0 && rowMajor[14] == 0 && rowMajor[15] == 1,
        "affine last row must be 0 0 0 1: %s", Arrays.toString(Arrays.copyOfRange(rowMajor, 12, 16)));
    return new Affine(rowMajor.clone());
  }

  /** From the top three rows (12 values), as NIfTI's srow_x, srow_y, srow_z. */
  public static Affine ofRows(double[] rowX, double[] rowY, double[] rowZ) {
    double[] v = new double[16];
    System.arraycopy(rowX, 0, v, 0, 4);
    System.arraycopy(rowY, 0, v, 4, 4);
    System.arraycopy(rowZ, 0, v, 8, 4);
    v[15] = 1;
    return new Affine(v);
  }

  public static Affine diagonal(double sx, double sy, double sz) {
    return new Affine(new double[] {sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1});
  }

  /** Element at (row, column), both 0..3. */
  public double get(int row, int column) {
    return m[row * 4 + column];
  }

  /** A copy of the 16 values, row-major. */
  public double[] toRowMajor() {
    return m.clone();
  }

  /** Row {@code r} (0..2) as 4 values: what NIfTI stores as srow_x/y/z. */
  public double[] row(int r) {
    return Arrays.copyOfRange(m, r * 4, r * 4 + 4);
  }

  /** World coordinates of the (possibly fractional) voxel position (i, j, k). */
  public double[] apply(double i, double j, double k) {
    double[] out = new double[3];
    for (int r = 0; r < 3; r++) {
      out[r] = m[r * 4] * i + m[r * 4 + 1] * j + m[r * 4 + 2] * k + m[r * 4 + 3];
    }
    return out;
  }

  /** {@code this * other}: apply {@code other} first. */
  public Affine multiply(Affine other) {
    double[] v = new double[16];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        double s = 0;
        for (int k = 0; k < 4; k++) {
          s += m[r * 4 + k] * other.m[k * 4 + c];
        }
        v[r * 4 + c] = s;
      }
    }
    return new Affine(v);
  }

  /**
   * The affine of a grid whose voxel (i', j', k') stands for input position
   * {@code offset + scale * (i', j', k')}: used for crops (scale 1) and for resolution changes,
   * where the offset is the centre of the input region an output voxel stands for.
   */
  public Affine resampled(double[] offset, double[] scale) {
    double[] v = new double[] {
      scale[0], 0, 0, offset[0], 0, scale[1], 0, offset[1], 0, 0, scale[2], offset[2], 0, 0, 0, 1
    };
    return multiply(new Affine(v));
  }

  /** Whether every entry is finite: a NaN or infinite entry places no voxel anywhere. */
  public boolean isFinite() {
    for (double v : m) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Determinant of the 3x3 linear part: signed volume of one voxel; 0 for a singular affine. */
  public double determinant() {
    return m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
        + m[2] * (m[4] * m[9] - m[5] * m[8]);
  }

  /**
   * The inverse, by Gaussian elimination with partial pivoting on the 4x4 matrix (the method of
   * LAPACK's {@code dgesv}, which {@code numpy.linalg.inv} calls), so that diagonal and permuted
   * affines invert exactly as nibabel inverts them.
   *
   * @throws IllegalArgumentException when the affine is singular
   */
  public Affine inverse() {
    double[] a = m.clone();
    double[] inv = IDENTITY.toRowMajor();
    for (int col = 0; col < 4; col++) {
      int pivot = col;
      for (int r = col + 1; r < 4; r++) {
        if (Math.abs(a[r * 4 + col]) > Math.abs(a[pivot * 4 + col])) {
          pivot = r;
        }
      }
      checkArgument(a[pivot * 4 + col] != 0, "affine is singular: %s", this);
      swapRows(a, col, pivot);
      swapRows(inv, col, pivot);
      for (int r = col + 1; r < 4; r++) {
        double f = a[r * 4 + col] / a[col * 4 + col];
        if (f != 0) {
          for (int c = 0; c < 4; c++) {
            a[r * 4 + c] -= f * a[col * 4 + c];
            inv[r * 4 + c] -= f * inv[col * 4 + c];
          }
        }
      }
    }
    for (int col = 3; col >= 0; col--) {
      for (int c = 0; c < 4; c++) {
        double s = inv[col * 4 + c];
        for (int k = col + 1; k < 4; k++) {
          s -= a[col * 4 + k] * inv[k * 4 + c];
        }
        inv[col * 4 + c] = s / a[col * 4 + col];
      }
    }
    inv[12] = 0;
    inv[13] = 0;
    inv[14] = 0;
    inv[15] = 1;
    return new Affine(inv);
  }

  private static void swapRows(double[] a, int r, int s) {
    for (int c = 0; c < 4 && r != s; c++) {
      double t = a[r * 4 + c];
      a[r * 4 + c] = a[s * 4 + c];
      a[s * 4 + c] = t;
    }
  }

  /** Voxel size along each voxel axis: the length of each of the first three columns. */
  public double[] voxelSizes() {
    double[] out = new double[3];
    for (int c = 0; c < 3; c++) {
      out[c] = Math.sqrt(m[c] * m[c] + m[4 + c] * m[4 + c] + m[8 + c] * m[8 + c]);
    }
    return out;
  }

  /**
   * Axis codes such as {@code "RAS"} or {@code "LAS"}: for each voxel axis, the world direction
   * (R/L, A/P, S/I) it points to most, as nibabel's {@code aff2axcodes}. Axes are assigned
   * greedily by the largest absolute direction cosine, each world axis used once; an axis with
   * no direction (a zero column) gets {@code '?'}.
   */
  public String orientation() {
    char[][] labels = {{'L', 'R'}, {'P', 'A'}, {'I', 'S'}};
    char[] codes = {'?', '?', '?'};
    boolean[] usedColumn = new boolean[3];
    boolean[] usedRow = new boolean[3];
    double[] sizes = voxelSizes();
    for (int step = 0; step < 3; step++) {
      double best = 0;
      int bestRow = -1;
      int bestColumn = -1;
      for (int c = 0; c < 3; c++) {
        if (usedColumn[c] || sizes[c] == 0) {
          continue;
        }
        for (int r = 0; r < 3; r++) {
          double v = Math.abs(m[r * 4 + c]) / sizes[c];
          if (!usedRow[r] && v > best) {
            best = v;
            bestRow = r;
            bestColumn = c;
          }
        }
      }
      if (bestColumn < 0) {
        break;
      }
      usedColumn[bestColumn] = true;
      usedRow[bestRow] = true;
      codes[bestColumn] = labels[bestRow][m[bestRow * 4 + bestColumn] > 0 ? 1 : 0];
    }
    return new String(codes);
  }

  /** True when every element differs by at most {@code tolerance}. */
  public boolean approximatelyEquals(Affine other, double tolerance) {
    for (int i = 0; i < 16; i++) {
      if (Math.abs(m[i] - other.m[i]) > tolerance) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Affine a && Arrays.equals(m, a.m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < 4; r++) {
      s.append(r == 0 ? "[" : " ").append('[');
      for (int c = 0; c < 4; c++) {
        s.append(c == 0 ? "" : ", ").append(m[r * 4 + c]);
      }
      s.append(']').append(r == 3 ? "]" : "\n");
    }
    return s.toString();
  }
}
