package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.volume.Volume;

/**
 * Whole networks against PyTorch (src/test/python/make_network_fixtures.py): each pipeline in
 * golden/networks/ with its torch weights, run whole and tiled, equals torch's output within
 * |a - b| <= 1e-5 * max(1, |b|), and tiled equals whole bit for bit.
 *
 * <p>The tolerance: torch computed in float64 from the same float32 weights and input, so the
 * difference is voxtile's float32 rounding alone. A float32 dot product of n terms is off by at
 * most about n * 2^-24 times the sum of the terms' magnitudes, and by about sqrt(n) * 2^-24 of it
 * in practice; the widest sums here are 8 * 27 = 216 terms of values of order 1, over at most 6
 * layers, which is some 1e-6 relative. Measured: at most 3e-7 (resnet); 1e-5 leaves a factor
 * of 30 for other inputs and growth through the layers, while any real mistake (a wrong tap,
 * axis, padding, statistic or bias) moves voxels by 1e-3 or more. The largest difference seen
 * is printed.
 */
class GoldenNetworkTest {
  private static final Path DIR = Path.of("src/test/resources/golden/networks");
  private static final double TOLERANCE = 1e-5;

  record Case(String name, int channels, Extent input, int outChannels, Extent output) {}

  static List<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("manifest.txt"))) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      cases.add(new Case(f[0], Integer.parseInt(f[1]),
          Extent.of(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])), Integer.parseInt(f[5]),
          Extent.of(Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]))));
    }
    return cases;
  }

  static Volume read(Path file, Extent extent, int channels) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] data = new float[(int) extent.voxelCount() * channels];
    assertEquals(data.length * 4L, bytes.remaining(), file.toString());
    bytes.asFloatBuffer().get(data);
    return Volume.wrap(Box.of(extent), channels, data);
  }

  @Test
  void networksMatchPyTorchWholeAndTiled() throws IOException {
    List<Case> cases = cases();
    assertEquals(List.of("vgg", "resnet", "depthwise", "unet"), cases.stream().map(Case::name).toList());
    StringBuilder report = new StringBuilder();
    for (Case c : cases) {
      NetworkBuilder.Built built = Pipeline.load(DIR.resolve(c.name() + ".yaml"), Optional.empty(),
          Map.of(), c.input());
      Volume input = read(DIR.resolve(c.name() + ".input.bin"), c.input(), c.channels());
      Volume expected = read(DIR.resolve(c.name() + ".expected.bin"), c.output(), c.outChannels());
      String out = built.network().outputs().get(0);
      assertEquals(c.output(), built.shapes().get(out).extent(), c.name());
      assertEquals(c.outChannels(), built.shapes().get(out).channels(), c.name());
      TileRunner runner = new TileRunner(built.network(), built.shapes());
      Volume whole = runner.run(Map.of(out, Box.of(c.output())), InputSource.of(input)).get(out);
      double worst = 0;
      for (int i = 0; i < expected.data().length; i++) {
        double a = whole.data()[i];
        double b = expected.data()[i];
        double error = Math.abs(a - b) / Math.max(1, Math.abs(b));
        worst = Math.max(worst, error);
        assertTrue(error <= TOLERANCE, c.name() + " voxel " + i + ": voxtile " + a + ", torch " + b);
      }
      report.append(String.format("%s: max relative difference %.2e%n", c.name(), worst));
      for (Extent tile : List.of(Extent.cube(1), Extent.of(2, 3, 5), Extent.of(5, 4, 3), Extent.cube(64))) {
        TilePlan plan = new TilePlanner(built.network(), c.input()).plan(tile);
        Volume tiled = TileRunnerTest.stitch(built.network(), c.input(), plan, input, out);
        assertArrayEquals(whole.data(), tiled.data(), c.name() + " tiles " + tile);
      }
    }
    System.out.print(report);
  }
}
