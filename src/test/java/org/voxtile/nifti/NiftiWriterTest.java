package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;
import org.voxtile.volume.Volume;

class NiftiWriterTest {
  @TempDir Path dir;

  static final Affine OBLIQUE = Affine.ofRowMajor(
      1.4095389, -0.6736481, 0.1484779, -10.5,
      0.5130302, 1.8508332, -0.4079398, 20.25,
      0.0, 0.3472963, 2.4620194, -30.0,
      0, 0, 0, 1);
  static final Affine FLIPPED = Affine.ofRowMajor(
      -0.72, -0.72, 0.0, 12.0,
      -0.54, 0.96, 0.0, -3.0,
      0.0, 0.0, 3.0, 7.5,
      0, 0, 0, 1);

  static Volume randomVolume(Extent extent, int channels, long seed, Affine affine) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels)
        .withOrientation(new Orientation(affine, affine.voxelSizes(), SpatialUnit.MM));
    float[] d = v.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (random.nextGaussian() * 100);
    }
    return v;
  }

  private static void assertSameValues(Volume expected, Volume actual) {
    assertEquals(expected.box(), actual.box());
    assertEquals(expected.channels(), actual.channels());
    assertArrayEquals(expected.data(), actual.data());
  }

  @Test
  void float32RoundTripKeepsValuesAffineAndHeaderFields() {
    Volume v = randomVolume(Extent.of(7, 5, 4), 1, 1, OBLIQUE);
    for (String name : new String[] {"a.nii", "a.nii.gz"}) {
      Path file = NiftiWriter.write(dir.resolve(name), v, NiftiWriteOptions.DEFAULTS.withDescrip("test"));
      try (NiftiReader r = NiftiReader.open(file)) {
        NiftiHeader h = r.header();
        assertEquals(1, h.version());
        assertEquals(352, h.voxOffset());
        assertEquals(NiftiDataType.FLOAT32, h.datatype());
        assertEquals(1, h.qformCode());
        assertEquals(1, h.sformCode());
        assertEquals("test", h.descrip());
        assertEquals(SpatialUnit.MM, h.spatialUnit());
        assertTrue(OBLIQUE.approximatelyEquals(r.orientation().affine(), 1e-6));
        assertTrue(OBLIQUE.approximatelyEquals(NiftiAffines.qform(h, name), 1e-5),
            "the qform alone gives the same (orthogonal) affine");
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : v.data()) {
          min = Math.min(min, f);
          max = Math.max(max, f);
        }
        assertEquals(min, h.calMin(), 0);
        assertEquals(max, h.calMax(), 0);
        assertSameValues(v, r.readAll().withOrientation(v.orientation()));
      }
    }
  }

  @Test
  void flippedAffineGetsNegativeQfac() {
    Volume v = randomVolume(Extent.of(3, 4, 5), 1, 2, FLIPPED);
    Path file = NiftiWriter.write(dir.resolve("f.nii"), v, NiftiWriteOptions.DEFAULTS.withCodes(1, 0));
    try (NiftiReader r = NiftiReader.open(file)) {
      assertEquals(-1, r.header().pixdim(0));
      Affine expected = Affine.ofRowMajor(
          -0.72, -0.72, 0.0, 12.0, -0.54, 0.96, 0.0, -3.0, 0.0, 0.0, 3.0, 7.5, 0, 0, 0, 1);
      assertTrue(expected.approximatelyEquals(r.orientation().affine(), 1e-6),
          () -> "qform-only affine " + r.orientation().affine());
    }
  }

  @Test
  void integerDatatypesChooseScalingFromTheRange() {
    Volume v = randomVolume(Extent.of(6, 5, 4), 2, 3, OBLIQUE);
    for (NiftiDataType type : NiftiDataType.values()) {
      Path file = NiftiWriter.write(dir.resolve(type.label() + ".nii"), v,
          NiftiWriteOptions.DEFAULTS.withDatatype(type));
      try (NiftiReader r = NiftiReader.open(file)) {
        assertEquals(type, r.header().datatype());
        float[] back = r.readAll().data();
        double range = 0;
        for (float f : v.data()) {
          range = Math.max(range, Math.abs(f));
        }
        // One stored step is range / (2^bits - 1): the read-back error is at most half of it.
        double step = type.isInteger() ? 2 * range / (type.maxValue() - type.minValue()) : 0;
        for (int i = 0; i < back.length; i++) {
          assertEquals(v.data()[i], back[i], step * 0.51 + Math.ulp(v.data()[i]) * 2, type + " voxel " + i);
        }
      }
    }
  }

  @Test
  void wholeNumbersInRangeAreStoredUnscaled() {
    Volume v = Volume.zeros(Box.of(Extent.of(4, 3, 2)), 1);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = i * 7 - 40;
    }
    Path file = NiftiWriter.write(dir.resolve("i.nii"), v, NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16));
    try (NiftiReader r = NiftiReader.open(file)) {
      assertFalse(r.header().isScaled());
      assertArrayEquals(v.data(), r.readAll().data());
    }
  }

  @Test
  void fixedScalingRoundsAndClips() {
    Volume v = Volume.wrap(Box.of(Extent.of(4, 1, 1)), 1, new float[] {0.24f, 0.26f, 1e9f, Float.NaN});
    Path file = NiftiWriter.write(dir.resolve("s.nii"), v,
        NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.UINT8).withScaling(0.5, 0));
    try (NiftiReader r = NiftiReader.open(file)) {
      assertArrayEquals(new float[] {0f, 0.5f, 127.5f, 0f}, r.readAll().data());
    }
  }

  @Test
  void bigEndianAndNifti2OnRequest() {
    Volume v = randomVolume(Extent.of(3, 3, 3), 3, 4, OBLIQUE);
    Path file = NiftiWriter.write(dir.resolve("b.nii.gz"), v,
        NiftiWriteOptions.DEFAULTS.withVersion(2).withByteOrder(ByteOrder.BIG_ENDIAN)
            .withDatatype(NiftiDataType.FLOAT64));
    try (NiftiReader r = NiftiReader.open(file)) {
      assertEquals(2, r.header().version());
      assertEquals(544, r.header().voxOffset());
      assertEquals(ByteOrder.BIG_ENDIAN, r.header().byteOrder());
      assertEquals(4, r.header().dim(0));
      assertEquals(3, r.channels());
      assertSameValues(v, r.readAll());
    }
  }

  @Test
  void dimensionsBeyondShortRangeGiveNifti2() {
    Volume v = Volume.zeros(Box.of(Extent.of(40000, 1, 1)), 1);
    Path file = NiftiWriter.write(dir.resolve("long.nii"), v, NiftiWriteOptions.DEFAULTS);
    assertEquals(2, NiftiReader.readHeader(file).version());
    assertEquals(40000, NiftiReader.readHeader(file).extent().x());
  }

  @Test
  void volumeOffTheOriginMovesTheAffine() {
    Volume whole = randomVolume(Extent.of(6, 5, 4), 1, 5, OBLIQUE);
    Box crop = Box.of(2, 1, 1, 5, 4, 3);
    Path file = NiftiWriter.write(dir.resolve("crop.nii"), whole.crop(crop), NiftiWriteOptions.DEFAULTS);
    try (NiftiReader r = NiftiReader.open(file)) {
      assertEquals(crop.extent(), r.header().extent());
      double[] world = r.orientation().affine().apply(0, 0, 0);
      assertArrayEquals(OBLIQUE.apply(2, 1, 1), world, 1e-4);
      assertArrayEquals(whole.crop(crop).data(), r.readAll().data());
    }
  }

  @Test
  void streamedMultiChannelSlabsEqualWholeWrite() throws IOException {
    Volume v = randomVolume(Extent.of(5, 4, 7), 3, 6, OBLIQUE);
    for (String name : new String[] {"s.nii", "s.nii.gz"}) {
      Path file = dir.resolve(name);
      try (NiftiStreamWriter w = NiftiStreamWriter.open(file, v.box(), 3, v.orientation(), NiftiWriteOptions.DEFAULTS)) {
        for (long z = 0; z < 7; z += 3) {
          w.write(v.crop(Box.of(0, 0, z, 5, 4, Math.min(7, z + 3))));
        }
      }
      Path whole = NiftiWriter.write(dir.resolve("whole-" + name), v, NiftiWriteOptions.DEFAULTS);
      try (NiftiReader a = NiftiReader.open(file); NiftiReader b = NiftiReader.open(whole)) {
        assertEquals(b.header(), a.header());
        assertSameValues(b.readAll(), a.readAll());
      }
      if (!name.endsWith(".gz")) {
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(file));
      }
    }
    assertNoTemporaryFiles();
  }

  @Test
  void multiBlockGzipIsOneMemberHoldingTheUncompressedFile() throws IOException {
    Volume v = randomVolume(Extent.of(128, 96, 40), 2, 10, OBLIQUE); // 3.75 MiB: 4 deflate blocks
    Path plain = NiftiWriter.write(dir.resolve("m.nii"), v, NiftiWriteOptions.DEFAULTS);
    Path gz = NiftiWriter.write(dir.resolve("m.nii.gz"), v, NiftiWriteOptions.DEFAULTS);
    byte[] compressed = Files.readAllBytes(gz);
    assertArrayEquals(Files.readAllBytes(plain), ParallelGzipTest.gunzip(compressed));
    assertArrayEquals(compressed, ParallelGzipTest.compress(Files.readAllBytes(plain), 1),
        "the file is ParallelGzip's output, whatever the cores");
    try (NiftiReader r = NiftiReader.open(gz)) {
      assertSameValues(v, r.readAll());
    }
    assertNoTemporaryFiles();
  }

  @Test
  void abortLeavesNoFile() throws IOException {
    Volume v = randomVolume(Extent.of(4, 4, 4), 1, 7, OBLIQUE);
    Path file = dir.resolve("aborted.nii.gz");
    NiftiStreamWriter w = NiftiStreamWriter.open(file, v.box(), 1, v.orientation(), NiftiWriteOptions.DEFAULTS);
    w.write(v.crop(Box.of(0, 0, 0, 4, 4, 2)));
    w.abort();
    assertFalse(Files.exists(file));
    assertNoTemporaryFiles();
  }

  @Test
  void incompleteCloseThrowsAndLeavesNoFile() throws IOException {
    Volume v = randomVolume(Extent.of(4, 4, 4), 1, 8, OBLIQUE);
    Path file = dir.resolve("partial.nii");
    NiftiStreamWriter w = NiftiStreamWriter.open(file, v.box(), 1, v.orientation(), NiftiWriteOptions.DEFAULTS);
    w.write(v.crop(Box.of(0, 0, 0, 4, 4, 2)));
    IllegalStateException e = assertThrows(IllegalStateException.class, w::close);
    assertTrue(e.getMessage().contains("incomplete"), e.getMessage());
    assertFalse(Files.exists(file));
    assertNoTemporaryFiles();
  }

  @Test
  void slabsOutOfOrderAreRefused() {
    Volume v = randomVolume(Extent.of(4, 4, 4), 1, 9, OBLIQUE);
    NiftiStreamWriter w = NiftiStreamWriter.open(dir.resolve("o.nii"), v.box(), 1, v.orientation(),
        NiftiWriteOptions.DEFAULTS);
    assertThrows(IllegalArgumentException.class, () -> w.write(v.crop(Box.of(0, 0, 2, 4, 4, 4))));
    assertThrows(IllegalArgumentException.class, () -> w.write(v.crop(Box.of(1, 0, 0, 4, 4, 2))));
    w.abort();
  }

  private void assertNoTemporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(java.util.List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }
}
