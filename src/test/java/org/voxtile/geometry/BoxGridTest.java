package org.voxtile.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxGridTest {
  @Test
  void cellsAtTheUpperBorderAreClipped() {
    BoxGrid grid = Box.of(Extent.of(10, 4, 3)).grid(Extent.of(4, 4, 2));
    assertEquals(Extent.of(3, 1, 2), grid.cellCounts());
    assertEquals(6, grid.size());
    assertEquals(Box.of(0, 0, 0, 4, 4, 2), grid.get(0));
    assertEquals(Box.of(8, 0, 0, 10, 4, 2), grid.get(2));
    assertEquals(Box.of(8, 0, 2, 10, 4, 3), grid.get(5));
  }

  @Test
  void listsCellsXFastestSoThatZSlabsAreConsecutive() {
    List<Box> cells = Box.of(Extent.of(4, 4, 4)).grid(Extent.of(2, 2, 2));
    assertEquals(Index3.of(2, 0, 0), cells.get(1).min());
    assertEquals(Index3.of(0, 2, 0), cells.get(2).min());
    assertEquals(Index3.of(0, 0, 2), cells.get(4).min());
  }

  @Test
  void gridStartsAtTheBoundsMinCorner() {
    BoxGrid grid = Box.of(-3, 5, 7, 3, 6, 8).grid(Extent.of(4, 1, 1));
    assertEquals(Box.of(-3, 5, 7, 1, 6, 8), grid.get(0));
    assertEquals(Box.of(1, 5, 7, 3, 6, 8), grid.get(1));
  }

  @Test
  void cellLargerThanBoundsGivesOneCell() {
    BoxGrid grid = Box.of(Extent.of(3, 2, 1)).grid(Extent.cube(100));
    assertEquals(List.of(Box.of(Extent.of(3, 2, 1))), grid);
  }

  @Test
  void emptyBoundsHaveNoCells() {
    assertEquals(0, Box.of(Extent.of(0, 5, 5)).grid(Extent.cube(2)).size());
  }

  @Test
  void emptyCellIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> Box.of(Extent.cube(4)).grid(Extent.of(0, 1, 1)));
  }

  @Test
  void cellsPartitionTheBoundsForRandomShapes() {
    long seed = 20261128L;
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      Box bounds = Box.of(
          Index3.of(random.nextInt(9) - 4, random.nextInt(9) - 4, random.nextInt(9) - 4),
          Extent.of(1 + random.nextInt(13), 1 + random.nextInt(13), 1 + random.nextInt(13)));
      Extent cell = Extent.of(1 + random.nextInt(7), 1 + random.nextInt(7), 1 + random.nextInt(7));
      BoxGrid grid = bounds.grid(cell);
      String what = "seed " + seed + " trial " + trial + ": " + bounds + " by " + cell;
      long covered = 0;
      Box hull = Box.of(bounds.min(), Extent.cube(0));
      for (int i = 0; i < grid.size(); i++) {
        Box a = grid.get(i);
        assertTrue(bounds.contains(a) && !a.isEmpty(), what);
        for (int j = i + 1; j < grid.size(); j++) {
          assertTrue(a.intersect(grid.get(j)).isEmpty(), what + ": cells overlap");
        }
        covered += a.voxelCount();
        hull = hull.hull(a);
      }
      assertEquals(bounds.voxelCount(), covered, what);
      assertEquals(bounds, hull, what);
    }
  }
}
