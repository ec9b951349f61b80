package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The vectorised convolutions equal the scalar reference bit for bit, for random parameters,
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
