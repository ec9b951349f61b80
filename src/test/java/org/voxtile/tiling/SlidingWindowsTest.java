package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;

/**
 * Window positions equal MONAI's {@code sliding_window_inference} for a table of scan, window and
 * overlap sizes, each worked out by hand from MONAI's rules ({@code _get_scan_interval},
 * {@code dense_patch_slices}): interval int(roi * (1 - overlap)), at least 1, the whole axis when
 * the window equals it; starts i * interval while the window before has not reached the end, the
 * last one moved back to end at the border.
 */
class SlidingWindowsTest {
  @ParameterizedTest(name = "axis {0}, window {1}, overlap {2}: interval {3}, starts {4}")
  @CsvSource(delimiter = ';', value = {
      // 181 / 48 -> 4 candidates; 0 + 96 and 48 + 96 fall short of 181, 96 + 96 reaches it: moved back by 11
      "181; 96; 0.5; 48; 0 48 85",
      // int(96 * 0.75) = 72; 72 + 96 = 168 < 217, 144 + 96 = 240 >= 217: moved back by 23
      "217; 96; 0.25; 72; 0 72 121",
      // 24 = int(32 * 0.75); the fourth window would end at 104, so it starts at 68
      "100; 32; 0.25; 24; 0 24 48 68",
      "100; 32; 0; 32; 0 32 64 68",
      // the window is the whole axis: one window, interval the axis
      "64; 64; 0.25; 64; 0",
      // int(5 * 0.1) = int(0.5) = 0, so 1: windows at every voxel until one reaches the end
      "7; 5; 0.9; 1; 0 1 2",
      // int(3 * (1 - 0.5)) = int(1.5) = 1
      "4; 3; 0.5; 1; 0 1",
      // an axis shorter than the window is padded to it: one window over the padded axis
      "50; 64; 0.5; 64; 0"})
  void startsFollowMonaisRules(long size, long window, double overlap, long interval, String starts) {
    SlidingWindows w = SlidingWindows.of(Extent.of(size, 8, 8), Extent.of(window, 8, 8), overlap);
    assertEquals(interval, w.interval(0));
    assertEquals(List.of(starts.split(" ")).stream().map(Long::parseLong).toList(), w.starts(0));
  }

  @Test
  void windowsAreListedXSlowestAndPaddingIsHalfTheShortfallBefore() {
    SlidingWindows w = SlidingWindows.of(Extent.of(100, 50, 64), Extent.of(32, 64, 64), 0.25);
    assertEquals(Extent.of(100, 64, 64), w.padded());
    assertEquals(new Index3(0, 7, 0), w.padding(), "(64 - 50) // 2 before, the rest after");
    List<Box> windows = w.windows();
    assertEquals(4, windows.size());
    assertEquals(List.of(0L, 24L, 48L, 68L), windows.stream().map(b -> b.min(0)).toList());
    assertEquals(Box.of(68, 0, 0, 100, 64, 64), windows.get(3));
    assertEquals(4.0 * 32 / 100, w.overlapFactor(), 1e-12);
  }

  @Test
  void anisotropicWindowsCombineTheAxesInMonaisOrder() {
    SlidingWindows w = SlidingWindows.of(Extent.of(181, 217, 181), Extent.of(96, 128, 64), 0.5);
    assertEquals(List.of(0L, 48L, 85L), w.starts(0));
    assertEquals(List.of(0L, 64L, 89L), w.starts(1)); // int(128 * 0.5) = 64; 64 + 128 = 192 < 217
    assertEquals(List.of(0L, 32L, 64L, 96L, 117L), w.starts(2)); // 96 + 64 = 160 < 181, 128 + 64 >= 181
    List<Box> windows = w.windows();
    assertEquals(3 * 3 * 5, windows.size());
    assertEquals(new Index3(0, 0, 32), windows.get(1).min(), "z varies fastest");
    assertEquals(new Index3(0, 64, 0), windows.get(5).min());
    assertTrue(w.overlapFactor() > 1);
  }

  @Test
  void overlapOutsideZeroToOneAndEmptyWindowsAreRefused() {
    Extent scan = Extent.cube(10);
    assertThrows(VoxtileException.class, () -> SlidingWindows.of(scan, Extent.cube(4), 1.0));
    assertThrows(VoxtileException.class, () -> SlidingWindows.of(scan, Extent.cube(4), -0.1));
    assertThrows(VoxtileException.class, () -> SlidingWindows.of(scan, Extent.of(4, 0, 4), 0.25));
  }
}
