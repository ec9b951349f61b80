package org.voxtile.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;

class PhantomTest {
  private final Volume head = Phantom.head(Extent.of(40, 48, 40), 4.0, 7);

  private double mean(int channel, long x0, long y0, long z0, int radius) {
    double s = 0;
    int n = 0;
    for (long z = z0 - radius; z <= z0 + radius; z++) {
      for (long y = y0 - radius; y <= y0 + radius; y++) {
        for (long x = x0 - radius; x <= x0 + radius; x++) {
          s += head.get(channel, x, y, z);
          n++;
        }
      }
    }
    return s / n;
  }

  @Test
  void isDeterministicForASeed() {
    assertArrayEquals(head.data(), Phantom.head(Extent.of(40, 48, 40), 4.0, 7).data());
  }

  @Test
  void whiteMatterIsBrightOnT1AndDarkOnT2() {
    // normalised (0, 0.35, 0.3): anterior and above the deep grey nuclei, deep in white matter
    double t1 = mean(0, 20, 32, 25, 1);
    double t2 = mean(1, 20, 32, 25, 1);
    assertTrue(t1 > 90 && t2 < 80, "white matter t1=" + t1 + " t2=" + t2);
  }

  @Test
  void ventricleCsfIsDarkOnT1AndBrightOnT2() {
    // left ventricle centre: normalised (-0.12, 0.05, 0.12)
    long x = Math.round((1 - 0.12) * 39 / 2);
    long y = Math.round((1 + 0.05) * 47 / 2);
    long z = Math.round((1 + 0.12) * 39 / 2);
    assertTrue(mean(0, x, y, z, 0) < 50 && mean(1, x, y, z, 0) > 120,
        "ventricle t1=" + mean(0, x, y, z, 0) + " t2=" + mean(1, x, y, z, 0));
  }

  @Test
  void backgroundIsNoiseOnly() {
    assertTrue(mean(0, 1, 1, 1, 1) < 10 && mean(1, 1, 1, 1, 1) < 10);
  }

  @Test
  void worldOriginIsAtTheCentreInRasMillimetres() {
    Orientation o = head.orientation();
    assertEquals("RAS", o.axisCodes());
    assertArrayEquals(new double[] {0, 0, 0}, o.affine().apply(19.5, 23.5, 19.5), 1e-9);
    assertArrayEquals(new double[] {4, 4, 4}, o.spacing());
    assertEquals(SpatialUnit.MM, o.unit());
  }
}
