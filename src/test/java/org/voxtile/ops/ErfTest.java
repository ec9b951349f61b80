package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErfTest {
  /** The all-positive series loses about n ulps after n terms (some 1e-15 by |x| = 3). */
  @Test
  void agreesWithTheSeriesUpToThree() {
    for (double x = -3; x <= 3; x += 0.0009765625 * 3.1) {
      assertEquals(Erf.bySeries(x), Erf.erf(x), 2e-15, "erf(" + x + ")");
    }
  }

  /** Reference values from Python's math.erf (C libm). */
  @Test
  void agreesWithLibmInTheTail() {
    double[][] table = {
        {1.0, 0.8427007929497149},
        {2.0, 0.9953222650189527},
        {3.1, 0.9999883513426328},
        {3.7, 0.9999998328489421},
        {4.2, 0.9999999971445058},
        {4.665917968749726, 0.9999999999584954},
        {5.0, 0.9999999999984626},
        {5.5, 0.9999999999999927},
        {5.873828124999868, 0.9999999999999999},
        {5.99, 1.0},
        {7.0, 1.0},
    };
    for (double[] row : table) {
      assertEquals(row[1], Erf.erf(row[0]), 1e-15, "erf(" + row[0] + ")");
      assertEquals(-row[1], Erf.erf(-row[0]), 1e-15, "erf(" + -row[0] + ")");
    }
    assertEquals(0.0, Erf.erf(0.0), 0.0);
    assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY), 0.0);
  }
}
