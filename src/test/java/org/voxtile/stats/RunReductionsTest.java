package org.voxtile.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Volume;

/**
 * The row-at-a-time paths of the reductions ({@link FloatSums#addAll}, {@link Moments#addRun},
 * which {@link MaskedVoxels#visit} takes for unmasked rows) give exactly what adding the values
 * one by one gives, including -0 against +0 at the bounds, NaN, infinities and subnormals, and
 * runs that cross the normalisation batch.
 */
class RunReductionsTest {
  @Test
  void runsEqualValueByValue() {
    Random random = new Random(3);
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE, 1e-40f};
    for (int trial = 0; trial < 60; trial++) {
      int n = 1 + random.nextInt(3 * FloatSums.BATCH);
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = trial % 3 == 0 && random.nextInt(50) == 0 ? specials[random.nextInt(specials.length)]
            : trial % 3 == 1 ? (random.nextBoolean() ? 0f : -0f) : (float) (random.nextGaussian() * 1e3);
      }
      Moments one = Moments.empty(1);
      Moments run = Moments.empty(1);
      int from = random.nextInt(n);
      for (int i = from; i < n; i++) {
        one.add(0, v[i]);
      }
      int at = from;
      while (at < n) { // runs of random lengths, as rows of a tile
        int len = Math.min(n - at, 1 + random.nextInt(FloatSums.BATCH / 3));
        run.addRun(0, v, at, len);
        at += len;
      }
      String what = "trial " + trial;
      assertEquals(one.count(0), run.count(0), what);
      assertEquals(Float.floatToRawIntBits(one.min(0)), Float.floatToRawIntBits(run.min(0)), what + " min");
      assertEquals(Float.floatToRawIntBits(one.max(0)), Float.floatToRawIntBits(run.max(0)), what + " max");
      assertEquals(one, run, what);
      FloatSums a = new FloatSums();
      FloatSums b = new FloatSums();
      for (int i = 0; i < n; i++) {
        a.add(v[i]);
      }
      b.addAll(v, 0, n);
      assertEquals(a, b, what + " sums");
    }
  }

  @Test
  void visitingAnUnmaskedRegionEqualsAddingItsVoxels() {
    Volume x = Volume.zeros(Box.of(0, 0, 0, 7, 5, 4), 2);
    Random random = new Random(5);
    for (int i = 0; i < x.data().length; i++) {
      x.data()[i] = (float) random.nextGaussian();
    }
    Box region = Box.of(1, 2, 0, 6, 5, 3);
    Moments visited = Moments.empty(2);
    MaskedVoxels.visit(x, null, MaskedVoxels.Rule.ALL, region, new int[] {0, 1}, visited);
    Moments added = Moments.empty(2);
    for (int c = 0; c < 2; c++) {
      for (long z = 0; z < 3; z++) {
        for (long y = 2; y < 5; y++) {
          for (long xx = 1; xx < 6; xx++) {
            added.add(c, x.get(c, xx, y, z));
          }
        }
      }
    }
    assertEquals(added, visited);
  }
}
