package org.voxtile.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AffineTest {
  @Test
  void appliesToVoxelCoordinates() {
    Affine a = Affine.ofRowMajor(2, 0, 0, -90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1);
    assertArrayEquals(new double[] {-90, -126, -72}, a.apply(0, 0, 0));
    assertArrayEquals(new double[] {-88, -122, -66}, a.apply(1, 2, 3));
  }

  @Test
  void voxelSizesAreColumnLengths() {
    Affine rotated = Affine.ofRowMajor(0, 0, 3, 0, -2, 0, 0, 0, 0, 1.5, 0, 0, 0, 0, 0, 1);
    assertArrayEquals(new double[] {2, 1.5, 3}, rotated.voxelSizes(), 1e-12);
  }

  @Test
  void orientationCodesFollowTheDominantDirection() {
    assertEquals("RAS", Affine.diagonal(1, 1, 1).orientation());
    assertEquals("LAS", Affine.diagonal(-1, 1, 1).orientation());
    assertEquals("LPI", Affine.diagonal(-1, -1, -1).orientation());
    // voxel axis i points to -y (posterior), j to +z (superior), k to +x (right)
    Affine permuted = Affine.ofRowMajor(0, 0, 3, 0, -2, 0, 0, 0, 0, 1.5, 0, 0, 0, 0, 0, 1);
    assertEquals("PSR", permuted.orientation());
    // a slightly oblique scan keeps the nearest axis labels
    Affine oblique = Affine.ofRowMajor(0.99, 0.1, 0, 0, -0.1, 0.99, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    assertEquals("RAS", oblique.orientation());
  }

  @Test
  void resampledPlacesOutputVoxelsAtTheCentreOfTheirInputRegion() {
    Affine input = Affine.ofRowMajor(1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1);
    // a stride-2 output voxel i' covers input voxels 2i' and 2i'+1: centre at 2i' + 0.5
    Affine output = input.resampled(new double[] {0.5, 0.5, 0.5}, new double[] {2, 2, 2});
    assertArrayEquals(new double[] {10.5, 20.5, 30.5}, output.apply(0, 0, 0), 1e-12);
    assertArrayEquals(new double[] {12.5, 20.5, 30.5}, output.apply(1, 0, 0), 1e-12);
    assertArrayEquals(new double[] {2, 2, 2}, output.voxelSizes(), 1e-12);
  }

  @Test
  void multiplyAppliesTheRightOperandFirst() {
    Affine scale = Affine.diagonal(2, 3, 4);
    Affine shift = Affine.ofRowMajor(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1);
    assertArrayEquals(new double[] {4, 6, 8}, scale.multiply(shift).apply(1, 1, 1), 1e-12);
    assertArrayEquals(new double[] {3, 4, 5}, shift.multiply(scale).apply(1, 1, 1), 1e-12);
  }

  @Test
  void lastRowMustBeHomogeneous() {
    assertThrows(IllegalArgumentException.class,
        () -> Affine.ofRowMajor(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1));
  }

  @Test
  void rowsRoundTrip() {
    Affine a = Affine.ofRowMajor(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 1);
    Affine b = Affine.ofRows(a.row(0), a.row(1), a.row(2));
    assertEquals(a, b);
    assertTrue(a.approximatelyEquals(b, 0));
  }
}
