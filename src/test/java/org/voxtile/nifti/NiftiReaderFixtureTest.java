package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Volume;

/**
 * Every nibabel fixture reads as nibabel reads it: shape, affine ({@code img.affine}, 1e-6),
 * axis codes and every value bit for bit ({@code get_fdata()} cast to float32).
 */
class NiftiReaderFixtureTest {

  @TestFactory
  Stream<DynamicTest> readsEveryFixtureAsNibabelDoes() {
    return NiftiFixtures.all().stream()
        .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f)));
  }

  private static void check(NiftiFixtures.Fixture f) {
    try (NiftiReader reader = NiftiReader.open(f.file())) {
      NiftiHeader h = reader.header();
      long[] shape = java.util.Arrays.copyOf(f.shape(), Math.max(3, f.shape().length));
      for (int i = f.shape().length; i < 3; i++) {
        shape[i] = 1; // nibabel's shape omits trailing spatial axes of size 1
      }
      assertEquals(shape[0], h.extent().x(), "x");
      assertEquals(shape[1], h.extent().y(), "y");
      assertEquals(shape[2], h.extent().z(), "z");
      long channels = 1;
      for (int i = 3; i < shape.length; i++) {
        channels *= shape[i];
      }
      assertEquals(channels, reader.channels(), "channels");
      assertEquals(Integer.parseInt(f.get("datatype")[0]), h.datatype().code(), "datatype");
      assertEquals(Integer.parseInt(f.get("version")[0]), h.version(), "version");
      assertEquals(f.get("order")[0].equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
          h.byteOrder(), "byte order");
      assertEquals(Long.parseLong(f.get("vox_offset")[0]), h.voxOffset(), "vox_offset");
      Affine expected = Affine.ofRowMajor(f.affine());
      assertTrue(expected.approximatelyEquals(reader.orientation().affine(), 1e-6),
          () -> "affine\nexpected " + expected + "\nactual   " + reader.orientation().affine());
      assertEquals(f.get("axcodes")[0], reader.orientation().axisCodes(), "axcodes");
      String extensions = h.extensions().isEmpty() ? "none"
          : String.join(" ", h.extensions().stream().map(e -> e.code() + ":" + e.length()).toList());
      assertEquals(String.join(" ", f.get("extensions")), extensions, "extensions");
      Volume all = reader.readAll();
      float[] want = f.values();
      float[] got = all.data();
      assertEquals(want.length, got.length, "value count");
      for (int i = 0; i < want.length; i++) {
        int index = i;
        assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
            () -> "value " + index + ": expected " + want[index] + ", got " + got[index]);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void keepsExtensionContent() {
    try (NiftiReader reader = NiftiReader.open(NiftiFixtures.named("extensions_n1_little").file())) {
      NiftiExtension comment = reader.header().extensions().get(0);
      assertEquals(6, comment.code());
      byte[] text = "voxtile comment extension".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      assertArrayEquals(text, java.util.Arrays.copyOf(comment.content(), text.length));
    }
  }
}
