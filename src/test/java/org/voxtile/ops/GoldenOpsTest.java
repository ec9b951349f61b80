package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.voxtile.volume.Volume;

/**
 * Every op against PyTorch 1.13 (scipy for the gaussian) on the golden fixtures. Tolerance:
 * |voxtile - torch| &lt;= 1e-5 * max(1, |torch|) per value, or the case's own {@code tolerance}:
 * 1e-6 for the ops evaluated in float64 against a float64 reference (softmax, log_softmax,
 * local_response_norm), 0 for those whose float32 arithmetic is PyTorch's exactly (argmax, prelu,
 * clamp, mul, dropout); shapes must match exactly.
 */
class GoldenOpsTest {
  private static final OpFixtures FIXTURES = new OpFixtures();
  static final double TOLERANCE = 1e-5;

  static Stream<OpFixtures.Case> cases() {
    return FIXTURES.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(OpFixtures.Case c) {
    float[] actual;
    if (c.op().equals("spp")) {
      String[] levels = c.params().get("levels").split(",");
      int[] l = Stream.of(levels).mapToInt(Integer::parseInt).toArray();
      PoolMode mode = c.params().get("mode").equals("max") ? PoolMode.MAX : PoolMode.AVG;
      actual = new SpatialPyramidPooling(l, mode).features(FIXTURES.volume(c.inputs().get(0)));
    } else {
      Op op = FIXTURES.op(c);
      List<Volume> in = FIXTURES.inputVolumes(c);
      Volume out = op.apply(in.toArray(Volume[]::new));
      Volume expected = FIXTURES.volume(c.output());
      assertEquals(expected.box(), out.box(), c + ": output extent");
      assertEquals(expected.channels(), out.channels(), c + ": output channels");
      actual = out.data();
      if (op instanceof Conv3d conv) {
        assertClose(c + " (reference)", FIXTURES.floats(c.output()),
            conv.computeReference(in, out.box(), in.get(0).extent()).data());
      } else if (op instanceof ConvTranspose3d conv) {
        assertClose(c + " (reference)", FIXTURES.floats(c.output()),
            conv.computeReference(in, out.box(), in.get(0).extent()).data());
      }
    }
    assertClose(c.toString(), FIXTURES.floats(c.output()), actual, c.tolerance(TOLERANCE));
  }

  static void assertClose(String what, float[] expected, float[] actual) {
    assertClose(what, expected, actual, TOLERANCE);
  }

  static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok = Double.isNaN(e) ? Double.isNaN(a)
          : e == a || Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));
      if (!ok) {
        assertTrue(false, what + ": value " + i + " is " + a + ", torch " + e);
      }
    }
  }
}
