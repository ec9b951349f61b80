package org.voxtile.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.volume.Volume;

/** Seeded random ops, inputs and boxes for the property tests. */
final class RandomOps {
  private final Random random;

  RandomOps(long seed) {
    random = new Random(seed);
  }

  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  Extent extent(int low, int high) {
    return Extent.of(between(low, high), between(low, high), between(low, high));
  }

  float[] floats(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  Volume volume(Extent extent, int channels) {
    return Volume.wrap(Box.of(extent), channels,
        floats(Math.toIntExact(extent.voxelCount() * channels)));
  }

  Window window(int maxKernel, int maxStride, int maxDilation) {
    Extent k = extent(1, maxKernel);
    Extent p = Extent.of(between(0, 4), between(0, 4), between(0, 4));
    return new Window(k, extent(1, maxStride), p, extent(1, maxDilation));
  }

  /** A random conv3d for {@code inChannels} (groups 1, depthwise or a divisor). */
  Conv3d conv3d(int inChannels) {
    int groups = pickGroups(inChannels);
    int outChannels = groups * between(1, Math.max(1, 13 / groups));
    Window w = window(4, 3, 3);
    int n = outChannels * (inChannels / groups) * w.taps();
    return new Conv3d(inChannels, outChannels, w, groups, floats(n),
        random.nextBoolean() ? floats(outChannels) : null);
  }

  ConvTranspose3d convTranspose3d(int inChannels) {
    int groups = pickGroups(inChannels);
    int outChannels = groups * between(1, Math.max(1, 13 / groups));
    Window w = window(4, 3, 3);
    long[] op = new long[3];
    for (int d = 0; d < 3; d++) {
      op[d] = random.nextInt(Math.max(w.stride(d), w.dilation(d)));
    }
    int n = inChannels * (outChannels / groups) * w.taps();
    return new ConvTranspose3d(inChannels, outChannels, w, Extent.of(op[0], op[1], op[2]), groups,
        floats(n), floats(outChannels));
  }

  private int pickGroups(int inChannels) {
    List<Integer> divisors = new ArrayList<>();
    for (int g = 1; g <= inChannels; g++) {
      if (inChannels % g == 0) {
        divisors.add(g);
      }
    }
    return divisors.get(random.nextInt(divisors.size()));
  }

  /** A random pooling op with padding at most half its kernel. */
  Op pool() {
    Extent k = extent(1, 4);
    Extent p = Extent.of(between(0, (int) k.x() / 2), between(0, (int) k.y() / 2),
        between(0, (int) k.z() / 2));
    Extent s = extent(1, 3);
    return switch (random.nextInt(3)) {
      case 0 -> new MaxPool3d(new Window(k, s, p, extent(1, 3)), random.nextBoolean())
          .withThreads(between(1, 3));
      case 1 -> new AvgPool3d(new Window(k, s, p, Extent.cube(1)), random.nextBoolean(),
          random.nextBoolean(), random.nextInt(4) == 0 ? between(1, 9) : 0)
          .withThreads(between(1, 3));
      default -> new AdaptivePool3d(extent(1, 5), random.nextBoolean() ? PoolMode.MAX : PoolMode.AVG);
    };
  }

  /** A random box inside {@code box}: sometimes one voxel, sometimes touching its borders. */
  Box boxIn(Box box) {
    long[] min = new long[3];
    long[] max = new long[3];
    boolean single = random.nextInt(5) == 0;
    for (int d = 0; d < 3; d++) {
      long n = box.max(d) - box.min(d);
      long a = box.min(d) + random.nextLong(n);
      long b = single ? a + 1 : box.min(d) + random.nextLong(n) + 1;
      if (random.nextInt(4) == 0) {
        a = box.min(d);
      }
      if (random.nextInt(4) == 0) {
        b = box.max(d);
      }
      min[d] = Math.min(a, b - 1);
      max[d] = Math.max(a + 1, b);
    }
    return new Box(new Index3(min[0], min[1], min[2]), new Index3(max[0], max[1], max[2]));
  }
}
