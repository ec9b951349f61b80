package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.cli.Main;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Volume;

/**
 * A real T1 brain scan: the Colin27 template {@code ch2.nii.gz} of the Debian package
 * {@code mricron-data} (not committed). On a developer's machine without the package the test is
 * skipped; in CI ({@code CI=true}, as {@code .ci/run} runs) a missing scan is a failure, so a
 * green CI always includes this real-file check.
 * Expected numbers are nibabel 5.0's, obtained with
 * {@code img = nib.load(path); d = img.get_fdata().astype(np.float32)}.
 */
class NiftiRealScanTest {
  static final Path CH2 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");

  @TempDir Path dir;

  /** Skips without the scan, except in CI, where its absence fails the test. */
  static void requireRealScan() {
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(Files.isReadable(CH2), CH2 + " is missing in CI: .ci/run must apt-get install mricron-data");
    }
    assumeTrue(Files.isReadable(CH2), "apt-get install mricron-data to run this test");
  }

  @Test
  void readsColin27AsNibabelDoes() {
    requireRealScan();
    try (NiftiReader reader = NiftiReader.open(CH2)) {
      NiftiHeader h = reader.header();
      assertEquals(Extent.of(181, 217, 181), h.extent());
      assertEquals(1, reader.channels());
      assertEquals(NiftiDataType.UINT8, h.datatype());
      assertEquals(0, h.qformCode());
      assertEquals(4, h.sformCode());
      assertEquals(352, h.voxOffset());
      Affine nibabel = Affine.ofRowMajor(
          1, 0, 0, -90, 0, 1, 0, -125, 0, 0, 1, -71, 0, 0, 0, 1);
      assertTrue(nibabel.approximatelyEquals(reader.orientation().affine(), 1e-6));
      assertEquals("RAS", reader.orientation().axisCodes());
      Volume v = reader.readAll();
      double sum = 0;
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (float f : v.data()) {
        sum += f;
        min = Math.min(min, f);
        max = Math.max(max, f);
      }
      assertEquals(317151210.0, sum);
      assertEquals(0f, min);
      assertEquals(254f, max);
      assertEquals(33f, v.get(0, 90, 108, 90));
      assertEquals(0f, v.get(0, 0, 0, 0));
      assertEquals(65f, v.get(0, 45, 100, 120));
      assertEquals(102f, v.get(0, 120, 60, 30));
      assertEquals(0f, v.get(0, 180, 216, 180));
    }
  }

  @Test
  void convertsToNiiAndReadsBackIdentically() throws Exception {
    requireRealScan();
    Path nii = dir.resolve("ch2.nii");
    int status = Main.run(new String[] {"convert", CH2.toString(), nii.toString()},
        new PrintStream(new ByteArrayOutputStream()), System.err, Map.of());
    assertEquals(0, status);
    try (NiftiReader gz = NiftiReader.open(CH2); NiftiReader plain = NiftiReader.open(nii)) {
      Volume whole = gz.readAll();
      assertArrayEquals(whole.data(), plain.readAll().data());
      assertTrue(gz.orientation().affine().approximatelyEquals(plain.orientation().affine(), 1e-6));
      assertEquals(NiftiDataType.UINT8, plain.header().datatype());
    }
    try (NiftiReader plain = NiftiReader.open(nii); NiftiReader gz = NiftiReader.open(CH2)) {
      Box box = Box.of(60, 80, 70, 124, 144, 134);
      Volume region = plain.read(box);
      assertEquals(64L * 64 * 64, plain.bytesRead(), "a ranged read of 64^3 uint8 voxels");
      assertArrayEquals(gz.readAll().crop(box).data(), region.data());
    }
  }
}
