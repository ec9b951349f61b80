package org.voxtile.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Window sums along a run of input x with the Vector API: for each x in [0, length),
 * {@code sum[x] = 0f + src[row_0 + x] + src[row_0 + x + 1] + ... + src[row_last + x + kx - 1]},
 * rows in the given order and taps ascending, one float addition each as in the scalar loop, so
 * the same bits. Row by row, a vector of sums takes the row's kx taps in a register, so the sums
 * go through memory once per row, not once per tap (keeping them in registers across all rows
 * measured slower on Java 17). Loaded only when {@link VectorSupport#AVAILABLE}.
 */
final class VectorAddRun {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  private VectorAddRun() {}

  /** @param rows the input index of x = 0 of each row of the window, in summation order */
  static void windowSums(float[] src, int[] rows, int rowCount, int kx, float[] sum, int length) {
    int lanes = FLOATS.length();
    int end = length - length % lanes;
    java.util.Arrays.fill(sum, 0, length, 0f);
    for (int r = 0; r < rowCount; r++) {
      int row = rows[r];
      for (int x = 0; x < end; x += lanes) {
        FloatVector acc = FloatVector.fromArray(FLOATS, sum, x);
        for (int a = 0; a < kx; a++) {
          acc = acc.add(FloatVector.fromArray(FLOATS, src, row + x + a));
        }
        acc.intoArray(sum, x);
      }
      for (int x = end; x < length; x++) {
        float s = sum[x];
        for (int a = 0; a < kx; a++) {
          s += src[row + x + a];
        }
        sum[x] = s;
      }
    }
  }
}
