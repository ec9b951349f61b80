package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue of broken and hostile files, each made by corrupting a good 5x4x3 int16 file
 * (little endian NIfTI-1, 472 bytes). Each must give an {@link InvalidNiftiException} whose
 * message names the file and the field, never an OOM or a bare EOF/index exception.
 */
class NiftiHostileInputTest {
  @TempDir Path dir;
  byte[] good;

  @BeforeEach
  void readGoodFile() throws IOException {
    good = Files.readAllBytes(NiftiFixtures.named("n1_le_int16").file());
    assertEquals(472, good.length);
  }

  private Path file(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private byte[] edited(Consumer<ByteBuffer> edit) {
    byte[] copy = good.clone();
    edit.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
    return copy;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** Opens and reads everything; asserts the failure names the file and {@code field}. */
  private void assertRejected(Path path, String field) {
    assertRejected(path, field, ReadLimits.DEFAULT);
  }

  private void assertRejected(Path path, String field, ReadLimits limits) {
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class, () -> {
      try (NiftiReader reader = NiftiReader.open(path, limits)) {
        reader.readAll();
      }
    });
    assertTrue(e.getMessage().startsWith(path.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(field), () -> "'" + field + "' not in: " + e.getMessage());
    assertEquals(path.toString(), e.file());
  }

  @Test
  void truncatedHeader() throws IOException {
    assertRejected(file("short.nii", Arrays.copyOf(good, 200)), "truncated header: 200 bytes, expected 348");
  }

  @Test
  void emptyFile() throws IOException {
    assertRejected(file("empty.nii", new byte[0]), "truncated header");
  }

  @Test
  void truncatedData() throws IOException {
    assertRejected(file("cut.nii", Arrays.copyOf(good, good.length - 10)), "truncated data");
  }

  @Test
  void dimsWhoseProductDoesNotFitTheFile() throws IOException {
    assertRejected(file("big.nii", edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET + 6, (short) 30000))),
        "truncated data: dim=[3, 5, 4, 30000");
  }

  @Test
  void zeroDim() throws IOException {
    assertRejected(file("zero.nii", edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET + 4, (short) 0))),
        "dim[2]=0, expected a positive size");
  }

  @Test
  void negativeDim() throws IOException {
    assertRejected(file("scan.nii", edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET + 6, (short) -4))),
        "dim[3]=-4, expected a positive size");
  }

  @Test
  void dim0OutOfRange() throws IOException {
    assertRejected(file("d9.nii", edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET, (short) 9))), "dim[0]=9");
    assertRejected(file("d0.nii", edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET, (short) 0))), "dim[0]=0");
  }

  @Test
  void voxOffsetPastTheEnd() throws IOException {
    assertRejected(file("far.nii", edited(b -> b.putFloat(Nifti1Layout.VOX_OFFSET_OFFSET, 100000))),
        "vox_offset=100000 lies past the end");
  }

  @Test
  void voxOffsetInsideTheHeader() throws IOException {
    assertRejected(file("inside.nii", edited(b -> b.putFloat(Nifti1Layout.VOX_OFFSET_OFFSET, 100))),
        "vox_offset=100 lies inside the header");
  }

  @Test
  void voxOffsetNotAWholeNumber() throws IOException {
    assertRejected(file("frac.nii", edited(b -> b.putFloat(Nifti1Layout.VOX_OFFSET_OFFSET, 352.5f))),
        "vox_offset=352.5");
  }

  @Test
  void badMagic() throws IOException {
    assertRejected(file("magic.nii", edited(b -> b.put(Nifti1Layout.MAGIC_OFFSET, (byte) 'x'))), "magic 'x+1");
  }

  @Test
  void pairMagicInASingleFile() throws IOException {
    assertRejected(file("pairmagic.nii", edited(b -> b.put(Nifti1Layout.MAGIC_OFFSET + 1, (byte) 'i'))),
        "magic 'ni1");
  }

  @Test
  void notNiftiAtAll() throws IOException {
    assertRejected(file("text.nii", "hello, this is not a NIfTI file".repeat(20).getBytes()), "sizeof_hdr=");
  }

  @Test
  void unsupportedDatatypes() throws IOException {
    assertRejected(file("complex.nii", edited(b -> b.putShort(Nifti1Layout.DATATYPE_OFFSET, (short) 32))),
        "datatype=32 (complex64) is not supported");
    assertRejected(file("rgb.nii", edited(b -> b.putShort(Nifti1Layout.DATATYPE_OFFSET, (short) 128))),
        "datatype=128 (RGB24)");
    assertRejected(file("odd.nii", edited(b -> b.putShort(Nifti1Layout.DATATYPE_OFFSET, (short) 7))),
        "datatype=7 is not supported");
  }

  @Test
  void ciftiFilesAreRefusedByIntent() throws IOException {
    byte[] n2 = Files.readAllBytes(NiftiFixtures.named("n2_le_int16").file());
    ByteBuffer b = ByteBuffer.wrap(n2).order(ByteOrder.LITTLE_ENDIAN);
    long[] dims = {6, 1, 1, 1, 1, 3, 20, 1}; // CIFTI-2: series x grayordinates on axes 5 and 6
    for (int i = 0; i < 8; i++) {
      b.putLong(Nifti2Layout.DIM_OFFSET + 8 * i, dims[i]);
    }
    b.putInt(Nifti2Layout.INTENT_CODE_OFFSET, 3002);
    assertRejected(file("x.dtseries.nii", n2), "intent_code=3002 (NIFTI_INTENT_CONNECTIVITY_DENSE_SERIES): a CIFTI file");
    for (int code : new int[] {3000, 3006, 3099}) {
      assertRejected(file("c" + code + ".nii", edited(e -> e.putShort(Nifti1Layout.INTENT_CODE_OFFSET, (short) code))),
          "intent_code=" + code + " (NIFTI_INTENT_CONNECTIVITY_");
    }
    try (NiftiReader vector = NiftiReader.open(file("ok.nii",
        edited(e -> e.putShort(Nifti1Layout.INTENT_CODE_OFFSET, (short) 2999))))) {
      assertEquals(1, vector.channels(), "other intents are still read as volumes");
    }
  }

  @Test
  void analyzeHeadersAreRefusedForTheirUndefinedOrientation() throws IOException {
    byte[] hdr = Files.readAllBytes(NiftiFixtures.named("pair_n1_int16").file());
    Arrays.fill(hdr, Nifti1Layout.MAGIC_OFFSET, Nifti1Layout.MAGIC_OFFSET + 4, (byte) 0);
    Path header = file("analyze.hdr", hdr);
    Files.copy(NiftiFixtures.DIR.resolve("pair_n1_int16.img"), dir.resolve("analyze.img"));
    assertRejected(header, "no NIfTI magic (bytes 344-347 are '\\x00\\x00\\x00\\x00'): an ANALYZE 7.5 header, "
        + "whose orientation is undefined");
  }

  @Test
  void infiniteInterceptWithAValidSlope() throws IOException {
    assertRejected(file("inter.nii", edited(b -> {
      b.putFloat(Nifti1Layout.SCL_SLOPE_OFFSET, 2);
      b.putFloat(Nifti1Layout.SCL_INTER_OFFSET, Float.NaN);
    })), "scl_inter=NaN");
  }

  @Test
  void notAUnitQuaternion() throws IOException {
    assertRejected(file("quat.nii", edited(b -> {
      b.putShort(Nifti1Layout.SFORM_CODE_OFFSET, (short) 0);
      b.putShort(Nifti1Layout.QFORM_CODE_OFFSET, (short) 1);
      b.putFloat(Nifti1Layout.QUATERN_B_OFFSET, 1);
      b.putFloat(Nifti1Layout.QUATERN_B_OFFSET + 4, 1);
    })), "quatern_b/c/d");
  }

  @Test
  void nonFiniteSform() throws IOException {
    assertRejected(file("srow.nii", edited(b -> b.putFloat(Nifti1Layout.SROW_X_OFFSET, Float.NaN))),
        "srow_x[0]=NaN");
  }

  @Test
  void extensionSizeBeyondTheArea() throws IOException {
    byte[] bytes = new byte[good.length + 16];
    System.arraycopy(good, 0, bytes, 0, 352);
    System.arraycopy(good, 352, bytes, 368, good.length - 352);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(Nifti1Layout.VOX_OFFSET_OFFSET, 368);
    b.put(348, (byte) 1);
    b.putInt(352, 4096); // esize far beyond the 16 bytes before vox_offset
    b.putInt(356, 6);
    assertRejected(file("ext.nii", bytes), "esize=4096");
  }

  @Test
  void absurdDimsAreCheckedBeforeAnyAllocation() throws IOException {
    byte[] huge = edited(b -> {
      b.putShort(Nifti1Layout.DIM_OFFSET + 2, (short) 32767);
      b.putShort(Nifti1Layout.DIM_OFFSET + 4, (short) 32767);
      b.putShort(Nifti1Layout.DIM_OFFSET + 6, (short) 32767);
    });
    assertRejected(file("huge.nii", huge), "ReadLimits.maxVoxels");
    assertRejected(file("huge-small-limit.nii", good), "ReadLimits.maxVoxels",
        ReadLimits.DEFAULT.withMaxVoxels(10));
  }

  @Test
  void voxelCountOverflowingALong() throws IOException {
    Path n2 = NiftiFixtures.named("n2_le_int16").file();
    byte[] bytes = Files.readAllBytes(n2);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 1; i <= 3; i++) {
      b.putLong(Nifti2Layout.DIM_OFFSET + 8 * i, 1L << 40);
    }
    assertRejected(file("overflow.nii", bytes), "more voxels than a 64-bit count holds");
  }

  @Test
  void garbageGzip() throws IOException {
    byte[] bytes = new byte[600];
    new java.util.Random(1).nextBytes(bytes);
    bytes[0] = 0x1f;
    bytes[1] = (byte) 0x8b;
    assertRejected(file("garbage.nii.gz", bytes), "gzip");
  }

  @Test
  void truncatedGzip() throws IOException {
    byte[] gz = gzip(good);
    assertRejected(file("cut.nii.gz", Arrays.copyOf(gz, gz.length / 2 + 40)), "truncated");
    assertRejected(file("cut-header.nii.gz", Arrays.copyOf(gz, 30)), "truncated");
  }

  @Test
  void gzipBombInflatesOnlyTheDeclaredBytes() throws IOException {
    // 5x4x3 int16 declared, then 512 MB of zeros in the stream: reading must stop at 472 bytes.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(good);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 512; i++) {
        gz.write(zeros);
      }
    }
    Path bomb = file("bomb.nii.gz", out.toByteArray());
    assertTrue(Files.size(bomb) < 1 << 20, "the bomb is small on disk");
    try (NiftiReader reader = NiftiReader.open(bomb);
        NiftiReader plain = NiftiReader.open(NiftiFixtures.named("n1_le_int16").file())) {
      assertArrayEquals(plain.readAll().data(), reader.readAll().data());
      assertEquals(120, reader.bytesRead());
    }
  }

  @Test
  void compressedDataBeyondTheMemoryLimit() throws IOException {
    byte[] declaresMore = edited(b -> b.putShort(Nifti1Layout.DIM_OFFSET + 6, (short) 30000));
    assertRejected(file("large.nii.gz", gzip(declaresMore)), "in-memory limit",
        ReadLimits.DEFAULT.withMaxInMemoryBytes(1 << 20));
    assertRejected(file("short.nii.gz", gzip(declaresMore)), "truncated data");
  }

  @Test
  void pairWithoutItsImage() throws IOException {
    Path hdr = NiftiFixtures.named("pair_n1_int16").file();
    Path copy = Files.copy(hdr, dir.resolve("lonely.hdr"));
    assertRejected(copy, "file not found");
  }

  @Test
  void decompressingABombWritesOnlyTheDeclaredBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(good);
      gz.write(new byte[64 << 20]);
    }
    Path nii = NiftiReader.decompress(file("bomb.nii.gz", out.toByteArray()), dir.resolve("bomb.nii"),
        ReadLimits.DEFAULT);
    assertArrayEquals(good, Files.readAllBytes(nii));
  }

  @Test
  void decompressingATruncatedStreamLeavesNoFile() throws IOException {
    byte[] gz = gzip(good);
    Path cut = file("cut.nii.gz", Arrays.copyOf(gz, gz.length - 60));
    Path nii = dir.resolve("cut.nii");
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class,
        () -> NiftiReader.decompress(cut, nii, ReadLimits.DEFAULT));
    assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(cut), files.toList());
    }
  }
}
