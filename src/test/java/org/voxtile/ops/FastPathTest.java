package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The vectorised convolutions (and the bound norms' affine run) equal the scalar reference bit for bit, for random parameters,
 * boxes and thread counts (seeded; the seed and case are in every failure message).
 */
class FastPathTest {
  private static final long SEED = 42_000L;

  @Test
  void vectorApiIsAvailableInTests() {
    assertTrue(VectorSupport.AVAILABLE, "surefire must run with --add-modules jdk.incubator.vector");
  }

  @Test
  void fastConv3dEqualsReference() {
    for (int trial = 0; trial < 150; trial++) {
      long seed = SEED + trial;
      RandomOps random = new RandomOps(seed);
      int channels = random.between(1, 6);
      Conv3d conv = random.conv3d(channels).withThreads(random.between(1, 3));
      check(seed, random, conv, channels, random.extent(3, 40));
    }
  }

  @Test
  void fastConvTranspose3dEqualsReference() {
    for (int trial = 0; trial < 150; trial++) {
      long seed = SEED + 1000 + trial;
      RandomOps random = new RandomOps(seed);
      int channels = random.between(1, 6);
      ConvTranspose3d conv = random.convTranspose3d(channels).withThreads(random.between(1, 3));
      check(seed, random, conv, channels, random.extent(2, 20));
    }
  }

  @Test
  void vectorAffineRunEqualsTheScalarFormula() {
    java.util.Random random = new java.util.Random(9);
    float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        Float.MAX_VALUE, -1e-40f};
    for (int trial = 0; trial < 50; trial++) {
      int n = random.nextInt(200);
      float[] data = new float[n];
      for (int i = 0; i < n; i++) {
        data[i] = random.nextInt(20) == 0 ? specials[random.nextInt(specials.length)]
            : (float) (random.nextGaussian() * 100);
      }
      double center = random.nextGaussian();
      double divisor = trial == 0 ? 1e-300 : Math.abs(random.nextGaussian()) + 1e-8;
      double gain = random.nextGaussian();
      double offset = random.nextGaussian();
      float[] fast = data.clone();
      int done = VectorAffineRun.map(fast, 0, n, center, divisor, gain, offset);
      for (int i = 0; i < done; i++) {
        float expected = (float) ((data[i] - center) / divisor * gain + offset);
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(fast[i]), "trial " + trial + " at " + i);
      }
      assertTrue(n - done < 4, "only a tail shorter than a vector is left to the scalar loop");
    }
  }

  private static void check(long seed, RandomOps random, Op op, int channels, Extent inputExtent) {
    Extent outputExtent;
    try {
      outputExtent = op.outputExtent(inputExtent);
    } catch (IllegalArgumentException tooSmall) {
      return;
    }
    Volume input = random.volume(inputExtent, channels);
    Box box = random.boxIn(Box.of(outputExtent));
    Volume needed = input.crop(op.requiredInput(box).intersect(Box.of(inputExtent)));
    Volume fast = op.compute(List.of(needed), box, inputExtent);
    Volume reference = op instanceof Conv3d c
        ? c.computeReference(List.of(needed), box, inputExtent)
        : ((ConvTranspose3d) op).computeReference(List.of(needed), box, inputExtent);
    assertArrayEquals(reference.data(), fast.data(),
        "seed " + seed + ": " + op + " on " + inputExtent + ", box " + box);
  }
}
