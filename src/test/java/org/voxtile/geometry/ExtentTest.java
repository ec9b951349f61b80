package org.voxtile.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExtentTest {
  @Test
  void parsesCommaOrTimesSeparatedTriplesAndSingleNumbers() {
    assertEquals(Extent.of(181, 217, 181), Extent.parse("181,217,181"));
    assertEquals(Extent.of(64, 64, 32), Extent.parse("64x64x32"));
    assertEquals(Extent.cube(48), Extent.parse("48"));
  }

  @Test
  void parseNamesTheBadText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Extent.parse("64,64"));
    assertTrue(e.getMessage().contains("'64,64'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Extent.parse("a,b,c"));
  }

  @Test
  void negativeSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Extent.of(1, -1, 1));
  }

  @Test
  void voxelCountIsExact() {
    assertEquals(1L << 30, Extent.cube(1024).voxelCount());
    assertThrows(ArithmeticException.class, () -> Extent.of(1L << 40, 1L << 40, 1).voxelCount());
  }

  @Test
  void axisAccessMatchesComponents() {
    Extent e = Extent.of(3, 5, 7);
    assertEquals(3, e.get(0));
    assertEquals(5, e.get(1));
    assertEquals(7, e.get(2));
    assertThrows(IllegalArgumentException.class, () -> e.get(3));
  }
}
