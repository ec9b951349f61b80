package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.volume.Volume;

class MainTest {
  static final Path FIXTURES = Path.of("src/test/resources/golden/nifti/read");

  @TempDir Path dir;

  /** Exit status and captured streams of one run. */
  record Result(int status, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("info") && r.out().contains("convert"), r.out());
    assertEquals(0, run("convert", "--help").status());
  }

  @Test
  void unknownCommandShowsUsageAndExits2() {
    Result r = run("frobnicate");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown command 'frobnicate'") && r.err().contains("usage:"), r.err());
    assertEquals(2, run().status());
  }

  @Test
  void infoPrintsTheHeaderSummary() {
    Result r = run("info", FIXTURES.resolve("qform_flipped_qfac.nii").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("5 x 4 x 3, 1 channel"), r.out());
    assertTrue(r.out().contains("int16"), r.out());
    assertTrue(r.out().contains("orientation    LAS") || r.out().contains("orientation"), r.out());
    assertTrue(r.out().contains("data offset    352"), r.out());
    assertTrue(r.out().contains("affine from qform"), r.out());
  }

  @Test
  void infoJsonGivesOneObjectPerFileAndLine() {
    Result r = run("info", "--json", FIXTURES.resolve("scaled_int16.nii").toString(),
        FIXTURES.resolve("vector_5d_float32.nii").toString());
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("{\"file\": \"") && lines[0].endsWith("}"), lines[0]);
    assertTrue(lines[0].contains("\"dims\": [5, 4, 3]"), lines[0]);
    assertTrue(lines[0].contains("\"datatype\": \"int16\""), lines[0]);
    assertTrue(lines[0].contains("\"scl_slope\": 0.5, \"scl_inter\": 10"), lines[0]);
    assertTrue(lines[0].contains("\"vox_offset\": 352, \"nifti_version\": 1"), lines[0]);
    assertTrue(lines[0].contains("\"affine\": [[") && lines[0].contains("], [0, 0, 0, 1]]"), lines[0]);
    assertTrue(lines[0].contains("\"orientation\": \"RAS\""), lines[0]);
    assertTrue(lines[1].contains("\"dims\": [5, 4, 3, 1, 3], \"channels\": 3"), lines[1]);
  }

  @Test
  void infoOnABrokenFileSaysWhyInOneLine() throws Exception {
    Path bad = Files.write(dir.resolve("bad.nii"),
        java.util.Arrays.copyOf(Files.readAllBytes(FIXTURES.resolve("n1_le_int16.nii")), 10));
    Result r = run("info", bad.toString(), FIXTURES.resolve("n1_le_uint8.nii").toString());
    assertEquals(1, r.status());
    assertEquals("voxtile: " + bad + ": truncated header: 10 bytes, expected 348\n", r.err());
    assertTrue(r.out().contains("uint8"), "the good file is still shown");
  }

  @Test
  void failuresPrintNoStackTraceUnlessDebug() throws Exception {
    Path bad = Files.write(dir.resolve("bad.nii"),
        java.util.Arrays.copyOf(Files.readAllBytes(FIXTURES.resolve("n1_le_int16.nii")), 10));
    Path out = dir.resolve("out.nii");
    Result quiet = run("convert", bad.toString(), out.toString());
    assertEquals(1, quiet.status());
    assertEquals(1, quiet.err().strip().split("\n").length, quiet.err());
    assertTrue(quiet.err().startsWith("voxtile: " + bad + ": truncated header"), quiet.err());
    Result loud = run(Map.of("VOXTILE_DEBUG", "1"), "convert", bad.toString(), out.toString());
    assertTrue(loud.err().contains("at org.voxtile.nifti"), loud.err());
    assertTrue(run("--debug", "convert", bad.toString(), out.toString()).err().contains("InvalidNiftiException"));
  }

  @Test
  void convertGzToNiiKeepsEverything() {
    Path in = FIXTURES.resolve("gz_n2_be_int16.nii.gz");
    Path out = dir.resolve("plain.nii");
    Result r = run("convert", in.toString(), out.toString());
    assertEquals(0, r.status(), r.err());
    try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
      assertFalse(b.isCompressed());
      assertEquals(a.header().datatype(), b.header().datatype());
      assertEquals(a.header().sclSlope(), b.header().sclSlope());
      assertTrue(a.orientation().affine().approximatelyEquals(b.orientation().affine(), 1e-6));
      assertArrayEquals(a.readAll().data(), b.readAll().data());
    }
  }

  @Test
  void reencodingAScaledIntegerFileKeepsItsScalingAndValues() {
    Path in = FIXTURES.resolve("gz_n2_be_int16.nii.gz");
    Path out = dir.resolve("again.nii.gz");
    assertEquals(0, run("convert", in.toString(), out.toString()).status());
    try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
      assertEquals(NiftiDataType.INT16, b.header().datatype());
      assertEquals(a.header().sclSlope(), b.header().sclSlope(), 1e-7);
      assertEquals(a.header().sclInter(), b.header().sclInter(), 1e-7);
      assertEquals(a.header().byteOrder(), b.header().byteOrder());
      assertArrayEquals(a.readAll().data(), b.readAll().data());
    }
  }

  @Test
  void convertCropMovesTheAffine() {
    Path in = FIXTURES.resolve("channels_4d_int16.nii");
    Path out = dir.resolve("crop.nii.gz");
    Result r = run("convert", in.toString(), out.toString(), "--crop", "1,2,0,4,4,2", "--datatype", "float32");
    assertEquals(0, r.status(), r.err());
    try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
      Box crop = Box.of(1, 2, 0, 4, 4, 2);
      assertEquals(NiftiDataType.FLOAT32, b.header().datatype());
      assertEquals(crop.extent(), b.box().extent());
      assertEquals(2, b.channels());
      assertArrayEquals(a.orientation().affine().apply(1, 2, 0), b.orientation().affine().apply(0, 0, 0), 1e-5);
      assertArrayEquals(a.orientation().affine().apply(3, 3, 1), b.orientation().affine().apply(2, 1, 1), 1e-5);
      Volume expected = a.read(crop);
      assertArrayEquals(expected.data(), b.readAll().data());
    }
  }

  @Test
  void convertToAnIntegerTypeScalesFromTheRange() {
    Path in = FIXTURES.resolve("n1_le_float32.nii");
    Path out = dir.resolve("int.nii");
    assertEquals(0, run("convert", in.toString(), out.toString(), "--datatype", "int16").status());
    try (NiftiReader a = NiftiReader.open(in); NiftiReader b = NiftiReader.open(out)) {
      assertTrue(b.header().isScaled());
      float[] x = a.readAll().data();
      float[] y = b.readAll().data();
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], y[i], b.header().sclSlope() * 0.51);
      }
    }
  }

  @Test
  void convertUsageErrors() {
    assertEquals(2, run("convert", "only-one.nii").status());
    assertEquals(2, run("convert", "a.nii", "b.nii", "--crop", "1,2,3").status());
    assertEquals(2, run("convert", "a.nii", "b.nii", "--datatype", "complex64").status());
    assertEquals(2, run("convert", "a.nii", "b.img").status());
    Result r = run("convert", FIXTURES.resolve("n1_le_int16.nii").toString(), dir.resolve("x.nii").toString(),
        "--crop", "0,0,0,9,9,9");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("outside the volume"), r.err());
  }
}
