package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;

class WindowTest {
  @Test
  void outputSizeIsPyTorchsFormula() {
    assertEquals(181, Window.of(3, 1, 1, 1).outputSize(0, 181, false));
    assertEquals(91, Window.of(3, 2, 1, 1).outputSize(0, 181, false));
    assertEquals(3, Window.of(3, 1, 0, 2).outputSize(0, 7, false)); // span 5
    assertEquals(0, Window.of(5, 1, 0, 1).outputSize(0, 4, false));
  }

  @Test
  void ceilModeDropsAWindowStartingInTheRightPadding() {
    // n = 5, k = 2, s = 2, p = 1: ceil gives 4 windows, the last would start at 5 = n: dropped
    assertEquals(3, Window.of(2, 2, 1, 1).outputSize(0, 5, true));
    assertEquals(3, Window.of(2, 2, 1, 1).outputSize(0, 5, false));
    assertEquals(4, Window.of(2, 2, 0, 1).outputSize(0, 7, true));
    assertEquals(3, Window.of(2, 2, 0, 1).outputSize(0, 7, false));
  }

  @Test
  void requiredInputCoversTheWindowsUnclipped() {
    Window w = Window.of(3, 2, 1, 2); // span 5
    assertEquals(Box.of(-1, -1, -1, 8, 4, 6), w.requiredInput(Box.of(0, 0, 0, 3, 1, 2)));
    assertEquals(Box.of(3, 3, 3, 8, 8, 8), w.requiredInput(Box.of(2, 2, 2, 3, 3, 3)));
  }

  @Test
  void inputSmallerThanOneWindowIsAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> Window.of(5, 1, 0, 1).outputExtent(Extent.of(4, 9, 9), false, "conv3d"));
  }
}
