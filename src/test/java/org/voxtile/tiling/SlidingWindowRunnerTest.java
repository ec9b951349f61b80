package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.volume.Volume;

/**
 * Sliding-window runs equal MONAI's {@code sliding_window_inference} as a PyTorch transcription
 * of it computes them (golden/sliding, src/test/python/make_sliding_window_fixtures.py): constant
 * and Gaussian blending, overlap 0.25 and 0.5, an anisotropic window, a scan smaller than the
 * window on z (padded with 0 and cropped back), and instance norm inside, whose statistics are
 * each window's own; within 1e-5 of the largest output.
 */
class SlidingWindowRunnerTest {
  private static final Path GOLDEN = SlidingGolden.DIR;
  private static final Map<String, Integer> TWO_INPUTS = Map.of("t1", 1, "t2", 1);

  @Test
  void blendedOutputsAreMonaisForEveryCase() throws IOException {
    List<String> lines = Files.readAllLines(GOLDEN.resolve("manifest.txt"));
    long[] s = SlidingGolden.numbers(lines.get(0).substring(5));
    Extent scanExtent = Extent.of(s[0], s[1], s[2]);
    Volume scan = Volume.wrap(Box.of(scanExtent), 2, SlidingGolden.floats(GOLDEN.resolve("input.bin")));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(" ");
      long[] r = SlidingGolden.numbers(f[1].substring(4));
      Extent roi = Extent.of(r[0], r[1], r[2]);
      double overlap = Double.parseDouble(f[2].substring(8));
      double sigma = Double.parseDouble(f[4].substring(6));
      Volume weights = f[3].equals("blend=constant") ? ImportanceMap.constant(roi)
          : ImportanceMap.gaussian(roi, new double[] {sigma, sigma, sigma});
      NetworkBuilder.Built built = Pipeline.load(GOLDEN.resolve("pipeline.yaml"), Optional.empty(), TWO_INPUTS, roi);
      SlidingWindows windows = SlidingWindows.of(scanExtent, roi, overlap);
      assertTrue(windows.windows().size() > 1, f[0] + " has overlapping windows");
      Volume out = new SlidingWindowRunner(built.network(), windows, weights, 0f)
          .run(InputSource.of(scan)).get("out");
      assertEquals(Box.of(scanExtent), out.box());
      float[] expected = SlidingGolden.floats(GOLDEN.resolve(f[0] + ".bin"));
      double max = 0;
      double err = 0;
      for (int i = 0; i < expected.length; i++) {
        max = Math.max(max, Math.abs(expected[i]));
        err = Math.max(err, Math.abs(expected[i] - out.data()[i]));
      }
      System.out.printf("%s: %d windows, largest error %.2g of the largest output%n", f[0],
          windows.windows().size(), err / max);
      assertTrue(err <= 1e-5 * max, f[0] + ": error " + err + " of " + max);
    }
  }

  @Test
  void anOutputOfAnotherExtentThanTheWindowIsRefusedNamingIt(@org.junit.jupiter.api.io.TempDir Path temp)
      throws IOException {
    Path pipeline = Files.writeString(temp.resolve("pooled.yaml"), "inputs: [t1, t2]\nnodes:\n"
        + "  - {name: pooled, op: max_pool3d, kernel_size: 2, stride: 2}\noutputs: [pooled]\n");
    NetworkBuilder.Built built = Pipeline.load(pipeline, Optional.empty(), TWO_INPUTS, Extent.cube(6));
    SlidingWindows windows = SlidingWindows.of(Extent.cube(12), Extent.cube(6), 0.5);
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> new SlidingWindowRunner(built.network(), windows, ImportanceMap.constant(Extent.cube(6)), 0f));
    assertTrue(e.getMessage().contains("'pooled'"), e.getMessage());
  }
}
