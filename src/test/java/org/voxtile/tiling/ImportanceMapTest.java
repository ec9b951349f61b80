package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The blending weights equal MONAI's {@code compute_importance_map} as a PyTorch run computes it
 * (golden/windows, src/test/python/make_window_fixtures.py), within 1e-6 of each weight (the
 * float32 exp of torch and of Java may differ in the last bit), including a window whose Gaussian
 * falls below MONAI's 1e-3 floor.
 */
class ImportanceMapTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/windows");

  @Test
  void gaussianWeightsAreMonaisAsPytorchComputesThem() throws IOException {
    int floored = 0;
    for (String line : Files.readAllLines(GOLDEN.resolve("manifest.txt"))) {
      String[] f = line.split(" ");
      long[] roi = java.util.Arrays.stream(f[1].substring(4).split(",")).mapToLong(Long::parseLong).toArray();
      double[] sigma = java.util.Arrays.stream(f[2].substring(6).split(",")).mapToDouble(Double::parseDouble).toArray();
      Volume w = ImportanceMap.gaussian(Extent.of(roi[0], roi[1], roi[2]), sigma);
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(GOLDEN.resolve(f[0] + ".bin"))).order(ByteOrder.LITTLE_ENDIAN);
      float[] expected = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(expected);
      assertEquals(expected.length, w.data().length, f[0]);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], w.data()[i], 1e-6 * expected[i], f[0] + " weight " + i);
        floored += w.data()[i] == ImportanceMap.FLOOR ? 1 : 0;
      }
      float centre = w.get(0, roi[0] / 2, roi[1] / 2, roi[2] / 2);
      assertTrue(centre > w.get(0, 0, 0, 0), f[0] + ": the centre weighs more than a corner");
    }
    assertTrue(floored > 0, "one case reaches MONAI's floor of 1e-3");
  }

  @Test
  void constantWeightsAreOnesAndSigmaMustBePositive() {
    Volume w = ImportanceMap.constant(Extent.of(3, 4, 5));
    for (float v : w.data()) {
      assertEquals(1f, v);
    }
    assertThrows(VoxtileException.class, () -> ImportanceMap.gaussian(Extent.cube(4), new double[] {0.1, 0, 0.1}));
  }
}
