package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiHeaderCodecTest {
  @TempDir Path dir;

  private static NiftiHeader header(int version, ByteOrder order, boolean single) {
    return new NiftiHeader(version, order, single, new long[] {4, 7, 6, 5, 2, 1, 1, 1},
        new double[] {-1, 0.5, 0.75, 2, 1, 1, 1, 1}, NiftiDataType.UINT16,
        single ? (version == 1 ? 352 : 544) : 0, 0.25, -8, 1, 2, new double[] {0.5, -0.5, 0.5},
        new double[] {1.5, -2.25, 3}, new double[] {0.5, 0, 0, -1.5, 0, 0.75, 0, 2, 0, 0, 2, 4}, 10, 1007,
        "vector", "a description", -3, 90, List.of());
  }

  @Test
  void encodeThenParseGivesTheSameHeaderForEveryVersionOrderAndKind() {
    for (int version : new int[] {1, 2}) {
      for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        for (boolean single : new boolean[] {true, false}) {
          NiftiHeader h = header(version, order, single);
          byte[] bytes = NiftiHeaderEncoder.encode(h);
          assertEquals(version == 1 ? 348 : 540, bytes.length);
          assertEquals(h, NiftiHeaderCodec.parse(bytes, "h", single), version + " " + order + " " + single);
        }
      }
    }
  }

  @Test
  void descriptionIsCutToFitWithItsTerminator() {
    NiftiHeader h = header(1, ByteOrder.LITTLE_ENDIAN, true);
    NiftiHeader longText = new NiftiHeader(1, h.byteOrder(), true, h.dim(), h.pixdim(), h.datatype(), 352,
        1, 0, 1, 1, h.quatern(), h.qoffset(), h.srow(), 2, 0, "", "x".repeat(200), 0, 0, List.of());
    assertEquals("x".repeat(79), NiftiHeaderCodec.parse(NiftiHeaderEncoder.encode(longText), "h", true).descrip());
  }

  @Test
  void extensionAreasBeyondTheLimitAreSkippedUnread() throws Exception {
    Path file = NiftiFixtures.named("extensions_n1_little").file();
    assertEquals(2, NiftiReader.readHeader(file).extensions().size());
    ReadLimits tight = new ReadLimits(1 << 20, 1 << 20, 16);
    try (NiftiReader reader = NiftiReader.open(file, tight)) {
      assertEquals(List.of(), reader.header().extensions());
      try (NiftiReader full = NiftiReader.open(file)) {
        assertEquals(full.readAll().box(), reader.readAll().box());
      }
    }
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.nii.gz");
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class, () -> NiftiReader.open(missing));
    assertTrue(e.getMessage().startsWith(missing + ": file not found"), e.getMessage());
  }

  @Test
  void invalidXformCodesCountAsZeroAsNibabelRepairsThem() throws Exception {
    byte[] bytes = Files.readAllBytes(NiftiFixtures.named("n1_le_int16").file());
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(Nifti1Layout.SFORM_CODE_OFFSET, (short) 9);
    b.putShort(Nifti1Layout.QFORM_CODE_OFFSET, (short) -2);
    b.putFloat(Nifti1Layout.SROW_X_OFFSET, Float.NaN); // never looked at
    Path file = Files.write(dir.resolve("codes.nii"), bytes);
    NiftiHeader h = NiftiReader.readHeader(file);
    assertEquals(NiftiAffines.base(h), h.affine());
  }
}
