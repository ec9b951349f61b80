package org.voxtile.nifti;

import org.voxtile.volume.Affine;
import org.voxtile.volume.PolarFactor;

/**
 * Affines from and to NIfTI header fields, following nibabel 5.0 ({@code Nifti1Header}
 * {@code get_best_affine}, {@code get_qform}, {@code set_qform}; {@code quaternions.fillpositive},
 * {@code quat2mat}) so that voxtile places voxels where nibabel does.
 *
 * <p>Choice: the sform when sform_code &gt; 0, else the qform when qform_code &gt; 0, else the
 * Analyze base affine {@code diag(-pixdim1, pixdim2, pixdim3)} centred on the middle voxel.
 * Codes outside 0..5 count as 0 and pixdim is repaired, both as nibabel's header checks do on
 * load: pixdim[1..3] of 0 become 1, negatives their absolute value; a qfac (pixdim[0]) other
 * than 1 or -1 becomes 1. A field whose code is 0 is never looked at, whatever it holds.
 */
public final class NiftiAffines {
  private NiftiAffines() {}

  /**
   * nibabel's {@code img.affine} for this header.
   *
   * @throws InvalidNiftiException naming {@code file} when the chosen transform holds non-finite
   *     values or a quaternion that is not a unit one
   */
  public static Affine best(NiftiHeader header, String file) {
    if (validCode(header.sformCode())) {
      double[] s = header.srow();
      for (int i = 0; i < 12; i++) {
        if (!Double.isFinite(s[i])) {
          throw new InvalidNiftiException(file, "srow_" + "xyz".charAt(i / 4) + "[" + i % 4 + "]="
              + s[i] + " with sform_code=" + header.sformCode() + ", expected a finite value");
        }
      }
      double[] m = new double[16];
      System.arraycopy(s, 0, m, 0, 12);
      m[15] = 1;
      return Affine.ofRowMajor(m);
    }
    for (int i = 1; i <= 3; i++) {
      // the qform and the fallback are built from the voxel sizes: a NaN would pass into the affine
      if (!Double.isFinite(header.pixdim(i))) {
        throw new InvalidNiftiException(file, "pixdim[" + i + "]=" + header.pixdim(i) + " with sform_code="
            + header.sformCode() + ", expected a finite voxel size (the affine is built from it)");
      }
    }
    if (validCode(header.qformCode())) {
      return qform(header, file);
    }
    return base(header);
  }

  private static boolean validCode(int code) {
    return code > 0 && code <= 5;
  }

  /** pixdim[1..3] as nibabel's {@code _chk_pixdims} repairs them. */
  static double[] repairedZooms(NiftiHeader header) {
    double[] zooms = new double[3];
    for (int i = 0; i < 3; i++) {
      double p = header.pixdim(i + 1);
      zooms[i] = p == 0 ? 1 : Math.abs(p);
    }
    return zooms;
  }

  /** The qform affine: rotation from (b, c, d) with a >= 0, zooms, qfac on the third column. */
  static Affine qform(NiftiHeader header, String file) {
    double[] q = header.quatern();
    double[] offset = header.qoffset();
    for (int i = 0; i < 3; i++) {
      if (!Double.isFinite(q[i]) || !Double.isFinite(offset[i])) {
        throw new InvalidNiftiException(file, "quatern_b/c/d " + q[0] + ", " + q[1] + ", " + q[2]
            + " / qoffset " + offset[0] + ", " + offset[1] + ", " + offset[2] + " with qform_code="
            + header.qformCode() + ", expected finite values");
      }
    }
    double b = q[0];
    double c = q[1];
    double d = q[2];
    // fillpositive: w^2 a hair below zero is rounding in the stored b, c, d (a 180 degree turn).
    double threshold = header.version() == 1 ? -3 * Math.ulp(1.0f) : -3 * Math.ulp(1.0);
    double w2 = 1.0 - (b * b + c * c + d * d);
    double a;
    if (w2 < 0) {
      if (w2 < threshold) {
        throw new InvalidNiftiException(file, "quatern_b/c/d " + b + ", " + c + ", " + d
            + " is not a unit quaternion (b^2+c^2+d^2 > 1) with qform_code=" + header.qformCode());
      }
      a = 0;
    } else {
      a = Math.sqrt(w2);
    }
    double[][] r = quaternionToMatrix(a, b, c, d);
    double[] zooms = repairedZooms(header);
    double qfac = header.pixdim(0) == -1 ? -1 : 1;
    zooms[2] *= qfac;
    double[] m = new double[16];
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        m[row * 4 + col] = r[row][col] * zooms[col];
      }
      m[row * 4 + 3] = offset[row];
    }
    m[15] = 1;
    return Affine.ofRowMajor(m);
  }

  /** nibabel's {@code quat2mat}, which also accepts non-unit quaternions. */
  static double[][] quaternionToMatrix(double w, double x, double y, double z) {
    double n = w * w + x * x + y * y + z * z;
    if (n < Math.ulp(1.0)) {
      return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    }
    double s = 2.0 / n;
    double xs = x * s;
    double ys = y * s;
    double zs = z * s;
    double wx = w * xs;
    double wy = w * ys;
    double wz = w * zs;
    double xx = x * xs;
    double xy = x * ys;
    double xz = x * zs;
    double yy = y * ys;
    double yz = y * zs;
    double zz = z * zs;
    return new double[][] {
      {1.0 - (yy + zz), xy - wz, xz + wy},
      {xy + wz, 1.0 - (xx + zz), yz - wx},
      {xz - wy, yz + wx, 1.0 - (xx + yy)}
    };
  }

  /**
   * The Analyze base affine nibabel uses when both codes are 0 ({@code shape_zoom_affine} with
   * x flipped): voxel sizes on the diagonal, x negated, the world origin at the volume centre;
   * axes beyond dim[0] have size 1 and zoom 1.
   */
  static Affine base(NiftiHeader header) {
    double[] zooms = repairedZooms(header);
    long[] shape = {header.extent().x(), header.extent().y(), header.extent().z()};
    for (int i = (int) header.dim(0); i < 3; i++) {
      zooms[i] = 1; // nibabel pads the zooms of missing axes with 1, whatever pixdim holds
    }
    zooms[0] = -zooms[0];
    double[] m = new double[16];
    for (int i = 0; i < 3; i++) {
      m[i * 4 + i] = zooms[i];
      m[i * 4 + 3] = -((shape[i] - 1) / 2.0) * zooms[i];
    }
    m[15] = 1;
    return Affine.ofRowMajor(m);
  }

  /**
   * The qform fields for {@code affine}, as nibabel's {@code set_qform}: zooms are the column
   * lengths, qfac -1 when the affine flips handedness (third column negated), the rotation made
   * orthogonal (shears dropped: the sform keeps them) and turned into a quaternion with a >= 0.
   */
  public static Qform toQform(Affine affine) {
    double[][] r = new double[3][3];
    double[] zooms = affine.voxelSizes();
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        r[row][col] = zooms[col] == 0 ? (row == col ? 1 : 0) : affine.get(row, col) / zooms[col];
      }
    }
    double qfac = 1;
    if (PolarFactor.determinant(r) <= 0) {
      qfac = -1;
      for (int row = 0; row < 3; row++) {
        r[row][2] = -r[row][2];
      }
    }
    r = PolarFactor.of(r);
    double trace = r[0][0] + r[1][1] + r[2][2];
    double w;
    double x;
    double y;
    double z;
    // Shepperd's method: divide by the largest of the four candidates for stability.
    if (trace > 0) {
      double s = Math.sqrt(trace + 1.0) * 2;
      w = 0.25 * s;
      x = (r[2][1] - r[1][2]) / s;
      y = (r[0][2] - r[2][0]) / s;
      z = (r[1][0] - r[0][1]) / s;
    } else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
      double s = Math.sqrt(1.0 + r[0][0] - r[1][1] - r[2][2]) * 2;
      w = (r[2][1] - r[1][2]) / s;
      x = 0.25 * s;
      y = (r[0][1] + r[1][0]) / s;
      z = (r[0][2] + r[2][0]) / s;
    } else if (r[1][1] > r[2][2]) {
      double s = Math.sqrt(1.0 + r[1][1] - r[0][0] - r[2][2]) * 2;
      w = (r[0][2] - r[2][0]) / s;
      x = (r[0][1] + r[1][0]) / s;
      y = 0.25 * s;
      z = (r[1][2] + r[2][1]) / s;
    } else {
      double s = Math.sqrt(1.0 + r[2][2] - r[0][0] - r[1][1]) * 2;
      w = (r[1][0] - r[0][1]) / s;
      x = (r[0][2] + r[2][0]) / s;
      y = (r[1][2] + r[2][1]) / s;
      z = 0.25 * s;
    }
    if (w < 0) {
      x = -x;
      y = -y;
      z = -z;
    }
    return new Qform(new double[] {x, y, z},
        new double[] {affine.get(0, 3), affine.get(1, 3), affine.get(2, 3)}, zooms, qfac);
  }

  /** quatern_b/c/d, qoffset_x/y/z, pixdim[1..3] and qfac (pixdim[0]) of a qform. */
  public record Qform(double[] quatern, double[] offset, double[] zooms, double qfac) {}
}
