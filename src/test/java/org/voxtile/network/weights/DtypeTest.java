package org.voxtile.network.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Half and bfloat16 widen to float32 exactly. */
class DtypeTest {
  @Test
  void everyFiniteHalfWidensToItsExactValue() {
    for (int bits = 0; bits < 0x10000; bits++) {
      int exponent = (bits >>> 10) & 0x1f;
      if (exponent == 0x1f) {
        continue;
      }
      int mantissa = bits & 0x3ff;
      // the binary16 definition: subnormal m * 2^-24, normal (1024 + m) * 2^(e - 25)
      double magnitude = exponent == 0 ? Math.scalb((double) mantissa, -24)
          : Math.scalb((double) (1024 + mantissa), exponent - 25);
      double expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
      float actual = Dtype.halfToFloat((short) bits);
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
          "half 0x" + Integer.toHexString(bits));
    }
  }

  @Test
  void halfInfinitiesAndNaNs() {
    assertEquals(Float.POSITIVE_INFINITY, Dtype.halfToFloat((short) 0x7c00));
    assertEquals(Float.NEGATIVE_INFINITY, Dtype.halfToFloat((short) 0xfc00));
    assertTrue(Float.isNaN(Dtype.halfToFloat((short) 0x7e00)));
    assertTrue(Float.isNaN(Dtype.halfToFloat((short) 0x7c01)), "a signalling NaN stays NaN");
  }

  @Test
  void bfloat16IsTheUpperHalfOfAFloat() {
    assertEquals(1f, Dtype.bfloat16ToFloat((short) 0x3f80));
    assertEquals(-2f, Dtype.bfloat16ToFloat((short) 0xc000));
    assertEquals(Float.POSITIVE_INFINITY, Dtype.bfloat16ToFloat((short) 0x7f80));
    assertEquals(Float.intBitsToFloat(0x00010000), Dtype.bfloat16ToFloat((short) 0x0001), "subnormal");
  }

  @Test
  void labelsAndWidths() {
    assertEquals(Dtype.BF16, Dtype.fromLabel("BF16"));
    assertEquals(null, Dtype.fromLabel("I64"));
    assertEquals(8, Dtype.F64.size());
    assertEquals(2, Dtype.F16.size());
  }
}
