package org.voxtile.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoxTest {
  @Test
  void isHalfOpen() {
    Box box = Box.of(0, 0, 0, 2, 3, 4);
    assertEquals(Extent.of(2, 3, 4), box.extent());
    assertEquals(24, box.voxelCount());
    assertTrue(box.contains(Index3.of(1, 2, 3)));
    assertFalse(box.contains(Index3.of(2, 0, 0)), "max is exclusive");
    assertFalse(box.contains(Index3.of(-1, 0, 0)));
  }

  @Test
  void rejectsMinAboveMax() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Box.of(3, 0, 0, 2, 1, 1));
    assertTrue(e.getMessage().contains("(3, 0, 0)"), e.getMessage());
  }

  @Test
  void zeroLengthSideIsEmpty() {
    assertTrue(Box.of(5, 5, 5, 5, 9, 9).isEmpty());
    assertEquals(0, Box.of(5, 5, 5, 5, 9, 9).voxelCount());
  }

  @Test
  void intersectKeepsCommonVoxelsWithNegativeCoordinates() {
    Box a = Box.of(-4, -4, -4, 2, 2, 2);
    Box b = Box.of(0, -1, -8, 10, 10, 1);
    assertEquals(Box.of(0, -1, -4, 2, 2, 1), a.intersect(b));
    assertEquals(a.intersect(b), b.intersect(a));
  }

  @Test
  void disjointBoxesIntersectEmpty() {
    Box a = Box.of(0, 0, 0, 2, 2, 2);
    Box b = Box.of(5, 0, 0, 7, 2, 2);
    assertTrue(a.intersect(b).isEmpty());
    assertFalse(a.intersects(b));
  }

  @Test
  void hullIsSmallestCommonBoxAndIgnoresEmpty() {
    Box a = Box.of(0, 0, 0, 2, 2, 2);
    Box b = Box.of(5, -1, 1, 7, 1, 3);
    assertEquals(Box.of(0, -1, 0, 7, 2, 3), a.hull(b));
    Box empty = Box.of(100, 100, 100, 100, 100, 100);
    assertEquals(a, a.hull(empty));
    assertEquals(a, empty.hull(a));
  }

  @Test
  void expandByHaloWidensEachSideSeparately() {
    Box tile = Box.of(Index3.of(32, 0, 0), Extent.of(32, 32, 32));
    Halo halo = new Halo(Extent.of(1, 2, 3), Extent.of(4, 5, 6));
    Box wide = tile.expand(halo);
    assertEquals(Box.of(31, -2, -3, 68, 37, 38), wide);
    assertEquals(halo, Halo.between(tile, wide));
  }

  @Test
  void translateMovesBothCorners() {
    assertEquals(Box.of(-1, 2, 3, 0, 4, 6), Box.of(0, 0, 0, 1, 2, 3).translate(Index3.of(-1, 2, 3)));
  }

  @Test
  void containsBox() {
    Box outer = Box.of(0, 0, 0, 10, 10, 10);
    assertTrue(outer.contains(Box.of(0, 0, 0, 10, 10, 10)));
    assertTrue(outer.contains(Box.of(2, 3, 4, 5, 6, 7)));
    assertFalse(outer.contains(Box.of(2, 3, 4, 11, 6, 7)));
    assertTrue(outer.contains(Box.of(50, 50, 50, 50, 50, 50)), "the empty box lies in every box");
  }

  @Test
  void voxelCountBeyondTwoToThe31Fits() {
    Box big = Box.of(Extent.of(2048, 2048, 2048));
    assertEquals(8_589_934_592L, big.voxelCount());
  }

  @Test
  void voxelCountOverflowIsAnError() {
    Box huge = Box.of(Extent.of(Long.MAX_VALUE / 2, 4, 1));
    assertThrows(ArithmeticException.class, huge::voxelCount);
  }

  @Test
  void valueSemantics() {
    assertEquals(Box.of(0, 0, 0, 1, 2, 3), Box.of(Extent.of(1, 2, 3)));
    assertEquals(Box.of(0, 0, 0, 1, 2, 3).hashCode(), Box.of(Extent.of(1, 2, 3)).hashCode());
    assertNotEquals(Box.of(0, 0, 0, 1, 2, 3), Box.of(0, 0, 0, 1, 2, 4));
  }
}
