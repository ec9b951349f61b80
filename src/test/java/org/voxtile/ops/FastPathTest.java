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
 * The vectorised convolutions (and the bound norms' affine run, avg_pool3d's row path) equal the scalar reference bit for bit, for random parameters,
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

  /**
   * avg_pool3d's row path (dense sums up to stride 4, strided above) equals the per-voxel rule of
   * PyTorch's border formula at every voxel: random kernels, strides 1-6, padding, ceil_mode,
   * count_include_pad, divisor_override, boxes touching the borders, NaN and infinities.
   */
  @Test
  void avgPoolRowsEqualThePerVoxelRule() {
    for (int trial = 0; trial < 300; trial++) {
      long seed = SEED + 2000 + trial;
      // mixed: the first draws of java.util.Random from neighbouring seeds are alike (kernel x was always 1)
      RandomOps random = new RandomOps(seed * 0x9E3779B97F4A7C15L);
      Extent k = random.extent(1, 4);
      Extent padding = Extent.of(random.between(0, (int) k.x() / 2), random.between(0, (int) k.y() / 2),
          random.between(0, (int) k.z() / 2));
      Extent stride = Extent.of(random.between(1, 6), random.between(1, 3), random.between(1, 3));
      AvgPool3d pool = new AvgPool3d(new Window(k, stride, padding, Extent.cube(1)), random.between(0, 1) == 1,
          random.between(0, 1) == 1, random.between(0, 3) == 0 ? random.between(1, 9) : 0)
          .withThreads(random.between(1, 3));
      int channels = random.between(1, 3);
      // rows long enough for several vectors of window sums (16 lanes on AVX-512) and their tails
      Extent inputExtent = Extent.of(random.between(1, 90), random.between(1, 12), random.between(1, 12));
      Extent outputExtent;
      try {
        outputExtent = pool.outputExtent(inputExtent);
      } catch (IllegalArgumentException tooSmall) {
        continue;
      }
      Volume input = withSpecials(random.volume(inputExtent, channels), new java.util.Random(seed));
      Box box = trial % 2 == 0 ? Box.of(outputExtent) : random.boxIn(Box.of(outputExtent));
      Volume needed = input.crop(pool.requiredInput(box).intersect(Box.of(inputExtent)));
      Volume fast = pool.compute(List.of(needed), box, inputExtent);
      Volume reference = pool.computeReference(List.of(needed), box, inputExtent);
      assertArrayEquals(bits(reference.data()), bits(fast.data()),
          "seed " + seed + ": " + pool + " on " + inputExtent + ", box " + box);
    }
  }

  /** About one value in 200 replaced by NaN, an infinity or a zero of either sign (most windows keep none). */
  private static Volume withSpecials(Volume volume, java.util.Random random) {
    float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
    float[] data = volume.data();
    for (int i = 0; i < data.length; i++) {
      if (random.nextInt(200) == 0) {
        data[i] = specials[random.nextInt(specials.length)];
      }
    }
    return volume;
  }

  /**
   * Every value's bits, zeros' signs included, but one bit pattern for all NaNs: Java leaves a
   * NaN's payload to the hardware (inf + -inf then NaN gives one sign, NaN then inf + -inf the
   * other), so vector and scalar code may differ there and nothing downstream can tell.
   */
  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToIntBits(values[i]);
    }
    return bits;
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
