package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class NiftiDataTypeTest {

  @Test
  void codesAndBitpixAreTheStandardOnes() {
    for (NiftiDataType t : NiftiDataType.values()) {
      assertEquals(t, NiftiDataType.fromCode(t.code(), "f.nii"));
      assertEquals(t, NiftiDataType.fromLabel(t.label()));
      assertEquals(t.bitpix(), 8 * t.bytesPerVoxel());
    }
    assertEquals(512, NiftiDataType.UINT16.code());
    assertEquals(1280, NiftiDataType.UINT64.code());
  }

  @Test
  void unsupportedCodesNameTheFileAndTheCode() {
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class, () -> NiftiDataType.fromCode(1792, "dwi.nii"));
    assertTrue(e.getMessage().startsWith("dwi.nii: datatype=1792 (complex128) is not supported"), e.getMessage());
  }

  @Test
  void unsignedSixtyFourBitValuesRoundToNearestDouble() {
    for (long bits : new long[] {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0x8000000000000401L, 0xFFFFFFFFFFFFFBFFL}) {
      double expected = new BigDecimal(new BigInteger(Long.toUnsignedString(bits))).doubleValue();
      assertEquals(expected, NiftiDataType.unsignedToDouble(bits), Long.toUnsignedString(bits));
    }
  }

  @Test
  void decodeAppliesSlopeThenInterceptInDouble() {
    ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN);
    b.putShort((short) -3).putShort((short) 0).putShort((short) 32767).flip();
    float[] out = new float[3];
    NiftiDataType.INT16.decode(b, 3, out, 0, true, 0.1f, 1.5f);
    assertArrayEquals(new float[] {(float) (-3 * (double) 0.1f + 1.5f), 1.5f, (float) (32767 * (double) 0.1f + 1.5f)}, out);
  }

  @Test
  void encodeThenDecodeIsExactForEveryType() {
    for (NiftiDataType t : NiftiDataType.values()) {
      List<Double> values = t.isInteger() ? List.of(t.minValue() == 0 ? 0.0 : -100.0, 0.0, 100.0)
          : List.of(-1.5, 0.0, 3.25);
      ByteBuffer b = ByteBuffer.allocate(3 * t.bytesPerVoxel()).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        t.encode(b, v);
      }
      b.flip();
      float[] out = new float[3];
      t.decode(b, 3, out, 0, false, 1, 0);
      for (int i = 0; i < 3; i++) {
        assertEquals(values.get(i).floatValue(), out[i], t.label());
      }
    }
  }
}
