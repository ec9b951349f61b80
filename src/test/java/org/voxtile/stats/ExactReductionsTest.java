package org.voxtile.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact reductions: any split into partials, merged in any order, gives the same bits, and
 * they equal a BigDecimal brute force (sums, mean, variance) or a sort (percentiles).
 */
class ExactReductionsTest {
  /** Values of very different magnitudes and signs, subnormals and signed zeros included. */
  private static float[] hostile(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (random.nextInt(6)) {
        case 0 -> (float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
        case 1 -> Float.intBitsToFloat(random.nextInt(0x7f800000)) * (random.nextBoolean() ? 1 : -1);
        case 2 -> random.nextBoolean() ? 0f : -0f;
        case 3 -> Float.MIN_VALUE * random.nextInt(1000);
        case 4 -> (float) random.nextInt(100);
        default -> (float) random.nextGaussian();
      };
    }
    return v;
  }

  private static List<Moments> split(float[] v, Random random, int parts) {
    List<Moments> out = new ArrayList<>();
    int at = 0;
    for (int p = 0; p < parts; p++) {
      int end = p == parts - 1 ? v.length : at + random.nextInt(v.length - at + 1);
      Moments m = Moments.empty(1);
      for (int i = at; i < end; i++) {
        m.add(0, v[i]);
      }
      out.add(m);
      at = end;
    }
    return out;
  }

  @Test
  void anySplitAndOrderGivesTheSameBitsAsBruteForce() {
    for (long seed = 0; seed < 30; seed++) {
      Random random = new Random(seed);
      float[] v = hostile(random, 1 + random.nextInt(40_000));
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal squares = BigDecimal.ZERO;
      for (float x : v) {
        sum = sum.add(new BigDecimal(x));
        squares = squares.add(new BigDecimal(x).multiply(new BigDecimal(x)));
      }
      Moments reference = null;
      for (int trial = 0; trial < 4; trial++) {
        List<Moments> parts = split(v, random, 1 + random.nextInt(9));
        Collections.shuffle(parts, random);
        Moments merged = (Moments) Partial.mergeAll(parts);
        if (reference == null) {
          reference = merged;
        }
        assertEquals(reference, merged, "seed " + seed);
        assertEquals(Double.doubleToLongBits(reference.mean(0)), Double.doubleToLongBits(merged.mean(0)));
        assertEquals(Double.doubleToLongBits(reference.variance(0)), Double.doubleToLongBits(merged.variance(0)));
      }
      assertEquals(0, new BigDecimal(reference.sums(0).sum()).multiply(BigDecimal.ONE.scaleByPowerOfTen(0))
          .compareTo(sum.multiply(new BigDecimal(2).pow(150))), "seed " + seed + " exact sum");
      assertEquals(0, new BigDecimal(reference.sums(0).squares()).compareTo(squares.multiply(new BigDecimal(2).pow(300))),
          "seed " + seed + " exact squares");
      BigDecimal n = new BigDecimal(v.length);
      MathContext mc = new MathContext(60);
      BigDecimal mean = sum.divide(n, mc);
      BigDecimal variance = squares.divide(n, mc).subtract(mean.multiply(mean, mc));
      assertEquals(mean.doubleValue(), reference.mean(0), "seed " + seed + " mean");
      assertEquals(variance.doubleValue(), reference.variance(0), Math.ulp(variance.doubleValue()),
          "seed " + seed + " variance");
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float x : v) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      assertEquals(min, reference.min(0));
      assertEquals(max, reference.max(0));
    }
  }

  @Test
  void manyLargeSquaresDoNotOverflow() {
    Moments m = Moments.empty(1);
    for (int i = 0; i < 200_000; i++) {
      m.add(0, i % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE);
    }
    assertEquals(0.0, m.mean(0));
    BigDecimal max = new BigDecimal(Float.MAX_VALUE);
    assertEquals(max.multiply(max).doubleValue(), m.variance(0), Math.ulp(m.variance(0)));
  }

  @Test
  void nanAndInfinitiesAreStatedNotSummed() {
    Moments m = Moments.empty(3);
    m.add(0, 1f);
    m.add(0, Float.POSITIVE_INFINITY);
    m.add(1, Float.POSITIVE_INFINITY);
    m.add(1, Float.NEGATIVE_INFINITY);
    m.add(2, Float.NaN);
    m.add(2, 1f);
    assertEquals(Double.POSITIVE_INFINITY, m.mean(0));
    assertTrue(Double.isNaN(m.variance(0)));
    assertTrue(Double.isNaN(m.mean(1)));
    assertTrue(Double.isNaN(m.mean(2)));
    assertTrue(Float.isNaN(m.max(2)));
  }

  @Test
  void percentilesEqualNumpysLinearInterpolationOnSortedValues() {
    double[] ps = {0, 0.5, 1, 25, 50, 62.5, 99.5, 100};
    for (long seed = 0; seed < 40; seed++) {
      Random random = new Random(seed);
      int n = 1 + random.nextInt(seed % 3 == 0 ? 5 : 20_000);
      float[] v = random.nextBoolean() ? hostile(random, n) : ties(random, n);
      double[] sorted = new double[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = v[i];
      }
      Arrays.sort(sorted);
      double[][] results = new double[3][];
      for (int trial = 0; trial < 3; trial++) {
        int parts = 1 + random.nextInt(7);
        int[] cut = cuts(random, n, parts);
        List<KeyHistogram> top = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          KeyHistogram.Builder b = KeyHistogram.builder(1, 16, null);
          for (int i = cut[p]; i < cut[p + 1]; i++) {
            b.add(0, v[i]);
          }
          top.add(b.build());
        }
        Collections.shuffle(top, random);
        KeyHistogram pass1 = (KeyHistogram) Partial.mergeAll(top);
        int[][] bins = Percentiles.binsNeeded(pass1, ps);
        List<KeyHistogram> low = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
          KeyHistogram.Builder b = KeyHistogram.builder(1, 0, bins);
          for (int i = cut[p]; i < cut[p + 1]; i++) {
            b.add(0, v[i]);
          }
          low.add(b.build());
        }
        Collections.shuffle(low, random);
        results[trial] = Percentiles.values(pass1, (KeyHistogram) Partial.mergeAll(low), 0, ps);
      }
      for (int i = 0; i < ps.length; i++) {
        double expected = numpy(sorted, ps[i]);
        for (double[] r : results) {
          assertEquals(Double.doubleToLongBits(expected == 0 ? 0.0 : expected),
              Double.doubleToLongBits(r[i] == 0 ? 0.0 : r[i]), "seed " + seed + " p " + ps[i]);
        }
      }
    }
  }

  /** numpy.percentile(sorted, p, method='linear'), written from its definition. */
  private static double numpy(double[] sorted, double p) {
    int n = sorted.length;
    double h = (n - 1) * (p / 100);
    if (h >= n - 1) {
      return sorted[n - 1];
    }
    int below = (int) Math.floor(h);
    return Percentiles.lerp(sorted[below], sorted[below + 1], h - below);
  }

  private static float[] ties(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(7) - 3;
    }
    return v;
  }

  private static int[] cuts(Random random, int n, int parts) {
    int[] cut = new int[parts + 1];
    for (int p = 1; p < parts; p++) {
      cut[p] = random.nextInt(n + 1);
    }
    cut[parts] = n;
    Arrays.sort(cut);
    return cut;
  }
}
