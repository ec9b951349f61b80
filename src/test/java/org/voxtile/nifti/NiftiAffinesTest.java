package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.volume.Affine;

class NiftiAffinesTest {

  /** A header holding only the qform of {@code affine} (sform code 0), NIfTI-2 for double fields. */
  private static NiftiHeader qformHeader(Affine affine) {
    NiftiAffines.Qform q = NiftiAffines.toQform(affine);
    double[] pixdim = {q.qfac(), q.zooms()[0], q.zooms()[1], q.zooms()[2], 1, 1, 1, 1};
    return new NiftiHeader(2, ByteOrder.LITTLE_ENDIAN, true, new long[] {3, 4, 4, 4, 1, 1, 1, 1},
        pixdim, NiftiDataType.FLOAT32, 544, 1, 0, 1, 0, q.quatern(), q.offset(), new double[12], 2, 0,
        "", "", 0, 0, List.of());
  }

  private static Affine rotated(double[][] r, double[] zooms, double[] offset) {
    double[] m = new double[16];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[i * 4 + j] = r[i][j] * zooms[j];
      }
      m[i * 4 + 3] = offset[i];
    }
    m[15] = 1;
    return Affine.ofRowMajor(m);
  }

  /** A random rotation from a random unit quaternion. */
  private static double[][] randomRotation(Random random) {
    double w = random.nextGaussian();
    double x = random.nextGaussian();
    double y = random.nextGaussian();
    double z = random.nextGaussian();
    double n = Math.sqrt(w * w + x * x + y * y + z * z);
    return NiftiAffines.quaternionToMatrix(w / n, x / n, y / n, z / n);
  }

  @Test
  void qformOfAnyRotationFlipAndZoomGivesTheAffineBack() {
    long seed = 42;
    Random random = new Random(seed);
    for (int trial = 0; trial < 500; trial++) {
      double[][] r = randomRotation(random);
      double[] zooms = {0.5 + random.nextDouble() * 3, 0.5 + random.nextDouble() * 3, 0.5 + random.nextDouble() * 3};
      if (trial % 2 == 1) {
        zooms[trial % 3] = -zooms[trial % 3]; // a flip: negative determinant, qfac -1
      }
      Affine affine = rotated(r, zooms, new double[] {random.nextGaussian() * 100, 3, -7});
      Affine back = NiftiAffines.qform(qformHeader(affine), "test");
      int t = trial;
      assertTrue(affine.approximatelyEquals(back, 1e-9), () -> "seed " + seed + " trial " + t + "\n" + affine + "\n" + back);
    }
  }

  @Test
  void halfTurnsUseTheStableQuaternionBranches() {
    double[][][] turns = {
      {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}},
      {{-1, 0, 0}, {0, 1, 0}, {0, 0, -1}},
      {{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}},
      {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}},
    };
    for (double[][] r : turns) {
      Affine affine = rotated(r, new double[] {1, 2, 3}, new double[] {1, 2, 3});
      assertTrue(affine.approximatelyEquals(NiftiAffines.qform(qformHeader(affine), "test"), 1e-12), affine::toString);
    }
  }

  @Test
  void flippedAffineHasQfacMinusOne() {
    Affine lps = Affine.diagonal(-1, -1, 1);
    assertEquals(1, NiftiAffines.toQform(lps).qfac(), "LPS is a rotation (det > 0)");
    Affine las = Affine.diagonal(-1, 1, 1);
    assertEquals(-1, NiftiAffines.toQform(las).qfac());
    assertTrue(las.approximatelyEquals(NiftiAffines.qform(qformHeader(las), "test"), 1e-12));
  }

  @Test
  void shearsAreDroppedFromTheQformOnly() {
    Affine sheared = Affine.ofRowMajor(2, 0.3, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1);
    Affine back = NiftiAffines.qform(qformHeader(sheared), "test");
    double[] columns = back.voxelSizes();
    assertEquals(2, columns[0], 1e-9);
    assertEquals(Math.hypot(2, 0.3), columns[1], 1e-9);
    double dot = back.get(0, 0) * back.get(0, 1) + back.get(1, 0) * back.get(1, 1) + back.get(2, 0) * back.get(2, 1);
    assertEquals(0, dot, 1e-9, "qform axes are orthogonal");
  }
}
