package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;
import org.voxtile.volume.Volume;

/**
 * Files the Java writer makes, as nibabel reads them. The files under
 * {@code golden/nifti/roundtrip/} were written by {@link #writeAll} and read by
 * {@code src/test/python/check_nifti_roundtrip.py} into {@code nibabel_view.txt}. This test
 * checks (1) that the writer still produces those exact files and (2) that nibabel's view of them
 * is what the writer meant: values, affine, codes, pixdim, units, description.
 *
 * <p>Regenerate (after a deliberate writer change):
 * {@code mvn -o test -Dtest=NiftiRoundTripTest -Dvoxtile.regenerate=true}, then
 * {@code /usr/bin/python3 src/test/python/check_nifti_roundtrip.py}.
 */
class NiftiRoundTripTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/nifti/roundtrip");

  @TempDir Path dir;

  /** What each file is meant to hold. */
  record Case(String file, Volume volume, NiftiWriteOptions options, boolean streamed) {}

  static List<Case> cases() {
    Affine flipped = Affine.ofRowMajor(
        -0.72, -0.72, 0.0, 12.0, -0.54, 0.96, 0.0, -3.0, 0.0, 0.0, 3.0, 7.5, 0, 0, 0, 1);
    Affine sheared = Affine.ofRowMajor(
        2.0, 0.3, 0.0, -40.0, 0.0, 2.0, 0.1, 12.0, 0.0, 0.0, 2.5, 5.0, 0, 0, 0, 1);
    return List.of(
        new Case("rt_float32_oblique.nii", volume(Extent.of(6, 5, 4), 1, 1, NiftiWriterTest.OBLIQUE),
            NiftiWriteOptions.DEFAULTS.withDescrip("roundtrip float32"), false),
        new Case("rt_int16_scaled.nii.gz", volume(Extent.of(5, 4, 3), 1, 2, NiftiWriterTest.OBLIQUE),
            NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16), false),
        new Case("rt_uint8_flipped_qform_only.nii", volume(Extent.of(4, 3, 5), 1, 3, flipped),
            NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.UINT8).withCodes(1, 0), false),
        new Case("rt_float64_be_nifti2_channels.nii", volume(Extent.of(3, 4, 2), 3, 4, sheared),
            NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.FLOAT64).withVersion(2)
                .withByteOrder(ByteOrder.BIG_ENDIAN).withCodes(2, 4), false),
        new Case("rt_streamed_channels.nii.gz", volume(Extent.of(5, 3, 7), 2, 5, flipped),
            NiftiWriteOptions.DEFAULTS.withCodes(1, 2).withDescrip("streamed"), true),
        new Case("rt_int32_sform_only.nii", volume(Extent.of(4, 4, 4), 1, 6, sheared),
            NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT32).withCodes(0, 3), false),
        // label maps, streamed as the stitcher writes them
        new Case("rt_labels_uint8.nii.gz", labels(Extent.of(5, 4, 6), 1, 7, flipped, 0, 255),
            NiftiWriteOptions.unscaled(NiftiDataType.UINT8), true),
        new Case("rt_labels_int16_channels.nii", labels(Extent.of(3, 4, 5), 2, 8, sheared, -32768, 32767),
            NiftiWriteOptions.unscaled(NiftiDataType.INT16), true),
        new Case("rt_labels_int8.nii", labels(Extent.of(4, 3, 2), 1, 9, sheared, -128, 127),
            NiftiWriteOptions.unscaled(NiftiDataType.INT8), true),
        new Case("rt_labels_uint16.nii", labels(Extent.of(4, 3, 2), 1, 10, sheared, 0, 65535),
            NiftiWriteOptions.unscaled(NiftiDataType.UINT16), true),
        new Case("rt_labels_int32.nii", labels(Extent.of(4, 3, 2), 1, 11, sheared, Integer.MIN_VALUE, (1L << 31) - 128),
            NiftiWriteOptions.unscaled(NiftiDataType.INT32), true));
  }

  /**
   * Whole numbers from {@code min} to {@code max} (both float32 values), both ends included (the
   * first voxels): a label map's values. int32's largest float32 is 2^31 - 128.
   */
  static Volume labels(Extent extent, int channels, long seed, Affine affine, long min, long max) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels)
        .withOrientation(new Orientation(affine, affine.voxelSizes(), SpatialUnit.MM));
    float[] data = v.data();
    for (int i = 0; i < data.length; i++) {
      long label = i == 0 ? min : i == 1 ? max : min + (long) (random.nextDouble() * (max - min + 1.0));
      data[i] = Math.min((float) label, (float) max); // a large label rounds to float32, maybe up
    }
    return v;
  }

  static Volume volume(Extent extent, int channels, long seed, Affine affine) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels)
        .withOrientation(new Orientation(affine, affine.voxelSizes(), SpatialUnit.MM));
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = (float) (random.nextGaussian() * 50 + 20);
    }
    return v;
  }

  static void writeAll(Path target) {
    for (Case c : cases()) {
      Path file = target.resolve(c.file());
      if (!c.streamed()) {
        NiftiWriter.write(file, c.volume(), c.options());
        continue;
      }
      try (NiftiStreamWriter w = NiftiStreamWriter.open(file, c.volume().box(), c.volume().channels(),
          c.volume().orientation(), c.options())) {
        Extent e = c.volume().extent();
        for (long z = 0; z < e.z(); z += 2) {
          w.write(c.volume().crop(Box.of(0, 0, z, e.x(), e.y(), Math.min(e.z(), z + 2))));
        }
      }
    }
  }

  @Test
  void writerStillProducesTheCommittedFiles() throws IOException {
    if (Boolean.getBoolean("voxtile.regenerate")) {
      Files.createDirectories(GOLDEN);
      writeAll(GOLDEN);
      return;
    }
    writeAll(dir);
    for (Case c : cases()) {
      assertArrayEquals(content(GOLDEN.resolve(c.file())), content(dir.resolve(c.file())), c.file());
    }
  }

  /** File bytes, decompressed for .gz (compressed bytes may differ across zlib versions). */
  private static byte[] content(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NiftiFiles.isGzipName(file) ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
    }
  }

  @Test
  void nibabelSawWhatTheWriterMeant() throws IOException {
    Map<String, Map<String, String>> view = parseView(GOLDEN.resolve("nibabel_view.txt"));
    for (Case c : cases()) {
      Map<String, String> seen = view.get(c.file());
      String what = c.file();
      assertEquals("none", seen.get("problems"), what);
      Volume v = c.volume();
      Extent e = v.extent();
      String shape = e.x() + " " + e.y() + " " + e.z() + (v.channels() > 1 ? " " + v.channels() : "");
      assertEquals(shape, seen.get("shape"), what);
      assertEquals(String.valueOf(c.options().datatype().code()), seen.get("datatype"), what);
      assertEquals(c.options().qformCode() + " " + c.options().sformCode(), seen.get("codes"), what);
      assertEquals("2", seen.get("xyzt_units"), what + " mm");
      assertEquals(c.options().descrip(), seen.getOrDefault("descrip", ""), what);
      double[] affine = numbers(seen.get("affine"));
      Affine expected = v.orientation().affine();
      boolean qformOnly = c.options().sformCode() == 0;
      // The sform keeps the affine (to float32 in NIfTI-1); a qform alone is the nearest rotation.
      assertTrue(expected.approximatelyEquals(Affine.ofRowMajor(affine), qformOnly ? 1e-5 : 2e-6),
          what + " affine " + java.util.Arrays.toString(affine));
      double[] pixdim = numbers(seen.get("pixdim"));
      double[] sizes = expected.voxelSizes();
      for (int i = 0; i < 3; i++) {
        assertEquals(sizes[i], pixdim[i], 1e-6, what + " pixdim");
      }
      float[] values = floats(seen.get("values"));
      try (NiftiReader reader = NiftiReader.open(GOLDEN.resolve(c.file()))) {
        assertArrayEquals(reader.readAll().data(), values, what + ": Java and nibabel decode alike");
        NiftiHeader h = reader.header();
        double[] scaling = numbers(seen.get("scaling"));
        assertArrayEquals(h.isScaled() ? new double[] {h.sclSlope(), h.sclInter()} : new double[] {1, 0},
            scaling, what + " scl_slope/scl_inter as nibabel applies them");
        double step = h.isScaled() ? h.sclSlope() : 0;
        for (int i = 0; i < values.length; i++) {
          double tolerance = c.options().datatype().isInteger() ? Math.max(step, 1) * 0.51 : 0;
          assertEquals(v.data()[i], values[i], tolerance, what + " value " + i);
        }
        if (isLabelMap(c)) {
          assertEquals(c.options().datatype().label(), seen.get("array_dtype"), what + ": nibabel's dataobj is "
              + "the integer array itself, not rescaled floats");
          assertEquals("1.0 0.0", seen.get("scaling"), what);
          long[] integers = java.util.Arrays.stream(seen.get("integers").split(" ")).mapToLong(Long::parseLong).toArray();
          assertEquals(v.data().length, integers.length, what);
          for (int i = 0; i < integers.length; i++) {
            assertEquals((long) v.data()[i], integers[i], what + " label " + i);
          }
        }
      }
    }
  }

  /** Written as the stitcher writes a label output: integers, unscaled. */
  private static boolean isLabelMap(Case c) {
    NiftiDataType type = c.options().datatype();
    return type.isInteger() && c.options().equals(NiftiWriteOptions.unscaled(type));
  }

  private static Map<String, Map<String, String>> parseView(Path file) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> current = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1);
      if (key.equals("name")) {
        current = new LinkedHashMap<>();
        out.put(value, current);
      }
      current.put(key, value);
    }
    return out;
  }

  private static double[] numbers(String words) {
    return java.util.Arrays.stream(words.split(" ")).mapToDouble(Double::parseDouble).toArray();
  }

  private static float[] floats(String words) {
    String[] hex = words.split(" ");
    float[] out = new float[hex.length];
    for (int i = 0; i < hex.length; i++) {
      out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[i], 16));
    }
    return out;
  }
}
