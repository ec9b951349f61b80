package org.voxtile.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** nibabel's orientation rules, each on a case whose answer nibabel gives (values from nibabel 5.0). */
class AxisOrientationTest {
  @Test
  void codesReadAsAxcodes2ornt() {
    // axcodes2ornt('LPS') == [[0, -1], [1, -1], [2, 1]]
    AxisOrientation lps = AxisOrientation.parse("LPS");
    assertArrayEquals(new int[] {0, 1, 2}, lps.world());
    assertArrayEquals(new int[] {-1, -1, 1}, lps.sign());
    // axcodes2ornt('ASL') == [[1, 1], [2, 1], [0, -1]]
    AxisOrientation asl = AxisOrientation.parse("asl");
    assertArrayEquals(new int[] {1, 2, 0}, asl.world());
    assertArrayEquals(new int[] {1, 1, -1}, asl.sign());
    assertEquals("ASL", asl.code());
  }

  @Test
  void aCodeThatIsNotAPermutationIsRefusedByName() {
    String repeated = assertThrows(IllegalArgumentException.class, () -> AxisOrientation.parse("RRA")).getMessage();
    assertTrue(repeated.contains("'RRA'") && repeated.contains("twice"), repeated);
    String letter = assertThrows(IllegalArgumentException.class, () -> AxisOrientation.parse("RAX")).getMessage();
    assertTrue(letter.contains("'X'"), letter);
    assertThrows(IllegalArgumentException.class, () -> AxisOrientation.parse("RASL"));
  }

  @Test
  void anObliqueAffineTakesTheClosestAxes() {
    // example4d.nii.gz's affine (nibabel test data): io_orientation == [[0, -1], [1, 1], [2, 1]]
    Affine oblique = Affine.ofRowMajor(-2, 0, 0, 117.8551, 0, 1.97371, -0.35553, -35.72294,
        0, 0.32321, 2.17108, -7.2488, 0, 0, 0, 1);
    assertEquals("LAS", AxisOrientation.of(oblique).code());
    // a 40 degree rotation about z of a PIR grid: the greedy pass per voxel axis, as nibabel's
    double c = Math.cos(Math.toRadians(40));
    double s = Math.sin(Math.toRadians(40));
    Affine rotated = Affine.ofRowMajor(s, 0, -c, 0, -c, 0, -s, 0, 0, -1, 0, 0, 0, 0, 0, 1);
    assertEquals("PIL", AxisOrientation.of(rotated).code());
  }

  @Test
  void theTransformToATargetIsOrntTransform() {
    // ornt_transform(axcodes2ornt('LAS'), axcodes2ornt('RAS')) == [[0, -1], [1, 1], [2, 1]]
    AxisOrientation step = AxisOrientation.parse("LAS").transformTo(AxisOrientation.parse("RAS"));
    assertArrayEquals(new int[] {0, 1, 2}, step.world());
    assertArrayEquals(new int[] {-1, 1, 1}, step.sign());
    // ornt_transform(axcodes2ornt('RAS'), axcodes2ornt('ASL')) == [[2, -1], [0, 1], [1, 1]]
    AxisOrientation permute = AxisOrientation.parse("RAS").transformTo(AxisOrientation.parse("ASL"));
    assertArrayEquals(new int[] {2, 0, 1}, permute.world());
    assertArrayEquals(new int[] {-1, 1, 1}, permute.sign());
  }

  @Test
  void aSingularAffineHasNoOrientation() {
    assertThrows(IllegalArgumentException.class, () -> AxisOrientation.of(Affine.diagonal(1, 0, 1)));
    assertTrue(new Grid(org.voxtile.geometry.Extent.cube(2), Affine.diagonal(1, 0, 1)).affineProblem().isPresent());
    assertTrue(new Grid(org.voxtile.geometry.Extent.cube(2), Affine.diagonal(1, Double.NaN, 1))
        .affineProblem().orElseThrow().contains("non-finite"));
    assertTrue(new Grid(org.voxtile.geometry.Extent.cube(2), Affine.diagonal(0.5, 0.5, 2)).affineProblem().isEmpty());
  }
}
