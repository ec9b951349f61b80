package org.voxtile.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;

class VolumeTest {
  /** Value encoding the position, so any misplaced copy shows. */
  private static float code(int c, long x, long y, long z) {
    return c * 1000 + z * 100 + y * 10 + x;
  }

  private static Volume coded(Box box, int channels) {
    Volume v = Volume.zeros(box, channels);
    for (int c = 0; c < channels; c++) {
      for (long z = box.min().z(); z < box.max().z(); z++) {
        for (long y = box.min().y(); y < box.max().y(); y++) {
          for (long x = box.min().x(); x < box.max().x(); x++) {
            v.set(c, x, y, z, code(c, x, y, z));
          }
        }
      }
    }
    return v;
  }

  @Test
  void layoutIsXFastestThenYThenZThenChannel() {
    Volume v = coded(Box.of(Extent.of(3, 2, 2)), 2);
    float[] d = v.data();
    assertEquals(code(0, 1, 0, 0), d[1]);
    assertEquals(code(0, 0, 1, 0), d[3]);
    assertEquals(code(0, 0, 0, 1), d[6]);
    assertEquals(code(1, 0, 0, 0), d[12]);
  }

  @Test
  void globalCoordinatesAreHonouredForOffsetBoxes() {
    Volume v = coded(Box.of(4, 5, 6, 7, 8, 9), 1);
    assertEquals(code(0, 4, 5, 6), v.data()[0]);
    assertEquals(code(0, 6, 7, 8), v.get(0, 6, 7, 8));
    assertThrows(IndexOutOfBoundsException.class, () -> v.get(0, 3, 5, 6));
  }

  @Test
  void cropCopiesTheSubBoxOfEveryChannel() {
    Volume v = coded(Box.of(Extent.of(5, 4, 3)), 2);
    Box region = Box.of(1, 1, 1, 4, 3, 3);
    Volume crop = v.crop(region);
    assertEquals(region, crop.box());
    for (int c = 0; c < 2; c++) {
      for (long z = 1; z < 3; z++) {
        for (long y = 1; y < 3; y++) {
          for (long x = 1; x < 4; x++) {
            assertEquals(code(c, x, y, z), crop.get(c, x, y, z));
          }
        }
      }
    }
    crop.data()[0] = -1;
    assertEquals(code(0, 1, 1, 1), v.get(0, 1, 1, 1), "a crop is a copy");
  }

  @Test
  void cropOutsideIsAnError() {
    Volume v = Volume.zeros(Box.of(Extent.cube(3)), 1);
    assertThrows(IllegalArgumentException.class, () -> v.crop(Box.of(0, 0, 0, 4, 1, 1)));
  }

  @Test
  void channelsSelectsAContiguousRange() {
    Volume v = coded(Box.of(Extent.of(2, 2, 2)), 3);
    Volume last = v.channels(1, 2);
    assertEquals(2, last.channels());
    assertEquals(code(1, 1, 1, 1), last.get(0, 1, 1, 1));
    assertEquals(code(2, 0, 1, 0), last.get(1, 0, 1, 0));
  }

  @Test
  void copyRegionPlacesATileIntoALargerVolume() {
    Volume tile = coded(Box.of(2, 0, 1, 4, 2, 3), 2);
    Volume whole = Volume.zeros(Box.of(Extent.of(4, 2, 3)), 2);
    Volume.copyRegion(tile, whole, tile.box());
    assertEquals(code(1, 3, 1, 2), whole.get(1, 3, 1, 2));
    assertEquals(0f, whole.get(1, 1, 1, 2));
  }

  @Test
  void dataLengthMustMatchBoxAndChannels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Volume.wrap(Box.of(Extent.cube(2)), 2, new float[8]));
    assertTrue(e.getMessage().contains("needs 16"), e.getMessage());
  }

  @Test
  void tooManyVoxelsForOneArrayIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Volume.zeros(Box.of(Extent.cube(1300)), 1));
    assertTrue(e.getMessage().contains("more than one array holds"), e.getMessage());
  }

  @Test
  void copyHasItsOwnArray() {
    Volume v = coded(Box.of(Extent.cube(2)), 1);
    Volume copy = v.copy();
    copy.data()[0] = 42;
    assertArrayEquals(coded(Box.of(Extent.cube(2)), 1).data(), v.data());
  }
}
