package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;

class PoolWindowTest {
  @Test
  void paddingOverHalfTheKernelIsAnErrorNamingTheOp() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PoolWindow.of(Window.of(3, 1, 2, 1), false, "max_pool3d"));
    assertTrue(e.getMessage().startsWith("max_pool3d: padding 2x2x2"), e.getMessage());
    PoolWindow.of(Window.of(4, 1, 2, 1), false, "avg_pool3d"); // 2 = 4 / 2 is fine
  }

  @Test
  void ceilModeKeepsALastWindowStartingInsideTheInput() {
    // n = 7, k = 2, s = 2: floor gives 3 windows; ceil adds the one starting at 6 < 7
    PoolWindow floor = PoolWindow.of(Window.of(2, 2, 0, 1), false, "max_pool3d");
    PoolWindow ceil = PoolWindow.of(Window.of(2, 2, 0, 1), true, "max_pool3d");
    assertEquals(Extent.cube(3), floor.outputExtent(Extent.cube(7), "max_pool3d"));
    assertEquals(Extent.cube(4), ceil.outputExtent(Extent.cube(7), "max_pool3d"));
  }

  @Test
  void ceilModeDropsALastWindowStartingInTheRightPadding() {
    // n = 5, k = 2, s = 2, p = 1: ceil gives 4 windows, the last would start at 5 = n
    PoolWindow ceil = PoolWindow.of(Window.of(2, 2, 1, 1), true, "avg_pool3d");
    assertEquals(Extent.cube(3), ceil.outputExtent(Extent.cube(5), "avg_pool3d"));
  }

  /** Every small window and input: [firstInteriorX, endInteriorX) is exactly the windows inside. */
  @Test
  void interiorXIsExactlyTheWindowsThatReadNoPadding() {
    for (int k = 1; k <= 4; k++) {
      for (int s = 1; s <= 3; s++) {
        for (int p = 0; p <= k / 2; p++) {
          for (int d = 1; d <= 2; d++) {
            PoolWindow pool = new PoolWindow(Window.of(k, s, p, d), true);
            for (long n = 1; n <= 12; n++) {
              long size = pool.window().outputSize(0, n, true);
              for (long x = 0; x < size; x++) {
                long start = x * s - p;
                boolean inside = start >= 0 && start + pool.window().span(0) <= n;
                boolean interior = x >= pool.firstInteriorX() && x < pool.endInteriorX(n);
                assertEquals(inside, interior, "k " + k + " s " + s + " p " + p + " d " + d
                    + " n " + n + " x " + x);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void rowInsideMeansTheWindowsReadNoPaddingAlongYAndZ() {
    PoolWindow pool = new PoolWindow(Window.of(3, 1, 1, 2), false); // span 5
    Extent input = Extent.of(9, 6, 7);
    assertTrue(pool.rowInside(0, 0, input));
    assertTrue(pool.rowInside(1, 2, input)); // y rows 1..5, z planes 2..6
    assertFalse(pool.rowInside(2, 0, input)); // y row 6 is padding
    assertFalse(pool.rowInside(0, 3, input)); // z plane 7 is padding
    assertFalse(pool.rowInside(-1, 0, input));
  }
}
