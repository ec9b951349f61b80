package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * interpolate against torch 1.13's CPU kernels (src/test/python/make_interpolate_fixtures.py):
 * scale factors 2, 1.5, 0.5, 0.7, 1.1, sizes of non-integer ratio, every mode, align_corners true
 * and false, recompute_scale_factor, odd and even extents, one channel and several (torch's two
 * trilinear kernels). Tolerance: none. Every value equals PyTorch's bit for bit, whole and on
 * random sub-boxes.
 */
class InterpolateGoldenTest {
  private static final String DIR = "/golden/interpolate/";
  private static final Map<String, int[]> SHAPES = new HashMap<>();
  private static final List<Map<String, String>> CASES = new ArrayList<>();

  static {
    for (String line : new String(bytes("cases.txt"), StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("tensor")) {
        SHAPES.put(f[1], new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
            Integer.parseInt(f[5])});
      } else if (f[0].equals("case")) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", f[1]);
        for (int i = 2; i < f.length; i++) {
          c.put(f[i].substring(0, f[i].indexOf('=')), f[i].substring(f[i].indexOf('=') + 1));
        }
        CASES.add(c);
      }
    }
  }

  static Stream<Map<String, String>> cases() {
    return CASES.stream();
  }

  @Test
  void theFixturesCoverBothKernelsAndEveryMode() {
    assertEquals(47, CASES.size());
    for (String mode : List.of("nearest", "nearest-exact", "trilinear")) {
      assertTrue(CASES.stream().anyMatch(c -> c.get("mode").equals(mode)), mode);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void equalsPyTorchBitForBit(Map<String, String> c) {
    Volume in = volume(c.get("in"));
    Interpolate op = op(c).forInput(in.extent());
    Volume out = op.apply(in);
    Volume expected = volume(c.get("out"));
    assertEquals(expected.box(), out.box(), c.get("name") + ": output extent");
    assertBits(c.get("name"), expected.data(), out.data());
    java.util.Random random = new java.util.Random(c.get("name").hashCode());
    for (int trial = 0; trial < 4; trial++) {
      Box box = randomBox(random, out.box());
      Volume part = op.compute(List.of(in.crop(op.requiredInput(box).intersect(in.box()))), box, in.extent());
      assertBits(c.get("name") + " on " + box, expected.crop(box).data(), part.data());
    }
  }

  private static Interpolate op(Map<String, String> c) {
    Interpolate.Mode mode = Interpolate.Mode.valueOf(c.get("mode").toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    boolean align = c.get("align_corners").equals("true");
    if (c.containsKey("size")) {
      String[] s = c.get("size").split(",");
      return Interpolate.toSize(Extent.of(Long.parseLong(s[0]), Long.parseLong(s[1]), Long.parseLong(s[2])), mode, align);
    }
    String[] s = c.get("scale_factor").split(",");
    double[] scale = {Double.parseDouble(s[0]), Double.parseDouble(s[1]), Double.parseDouble(s[2])};
    return Interpolate.byScale(scale, mode, align, c.get("recompute_scale_factor").equals("true"));
  }

  private static void assertBits(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        assertEquals(expected[i], actual[i], 0f, what + ": value " + i);
      }
    }
  }

  private static Box randomBox(java.util.Random random, Box whole) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      long n = whole.max(d);
      lo[d] = random.nextLong(n);
      hi[d] = lo[d] + 1 + random.nextLong(n - lo[d]);
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  private static Volume volume(String name) {
    int[] s = SHAPES.get(name);
    ByteBuffer buffer = ByteBuffer.wrap(bytes(name + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
    float[] data = new float[buffer.remaining() / 4];
    buffer.asFloatBuffer().get(data);
    return Volume.wrap(Box.of(Extent.of(s[1], s[2], s[3])), s[0], data);
  }

  private static byte[] bytes(String file) {
    try (InputStream in = InterpolateGoldenTest.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + DIR + file
            + " (regenerate with /usr/bin/python3 src/test/python/make_interpolate_fixtures.py)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read fixture " + file, e);
    }
  }
}
