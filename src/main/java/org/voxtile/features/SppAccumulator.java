package org.voxtile.features;

import java.io.Serializable;
import java.util.Arrays;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.FeatureSpec;
import org.voxtile.ops.PoolMode;
import org.voxtile.volume.Volume;

/**
 * Spatial pyramid pooling of a whole feature map, computed exactly from pieces: each tile adds
 * the voxels it owns (a partition of the map, so no halo voxel counts twice) to every pyramid bin
 * they meet, as a running max or a double sum; partials merge by max or by sum. The vector's
 * order is {@link org.voxtile.ops.SpatialPyramidPooling}'s: level, channel, bin x, y, z (z
 * fastest). Bins are PyTorch's adaptive pooling bins: [floor(i n / l), ceil((i + 1) n / l)).
 *
 * <p>Max agrees bit for bit with pooling the whole map (a max does not depend on order; NaN wins
 * as in the op). Avg: each tile sums its part of a bin in double in a fixed order, the parts are
 * added exactly (BigDecimal, so the merge order does not matter), divided by the bin's voxel count
 * and rounded to float once: within float rounding of the op's float32 sum.
 */
public final class SppAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] levels;
  private final boolean max;
  private final long[] extent;
  private final int channels;
  /** Max mode: the running max per bin. */
  private final double[] values;
  /** Avg mode: the exact sum of the tiles' double partial sums per bin. */
  private final ExactSum[] sums;

  public SppAccumulator(FeatureSpec spec, Extent mapExtent, int channels) {
    this.levels = spec.levels().stream().mapToInt(Integer::intValue).toArray();
    this.max = spec.mode() == PoolMode.MAX;
    this.extent = new long[] {mapExtent.x(), mapExtent.y(), mapExtent.z()};
    this.channels = channels;
    int length = (int) (spec.binsPerChannel() * channels);
    this.values = new double[max ? length : 0];
    Arrays.fill(values, Double.NEGATIVE_INFINITY);
    this.sums = new ExactSum[max ? 0 : length];
    Arrays.fill(sums, ExactSum.ZERO);
  }

  private SppAccumulator(SppAccumulator like) {
    this.levels = like.levels;
    this.max = like.max;
    this.extent = like.extent;
    this.channels = like.channels;
    this.values = like.values.clone();
    this.sums = like.sums.clone();
  }

  /** An accumulator for the same map with nothing added. */
  public SppAccumulator empty() {
    SppAccumulator e = new SppAccumulator(this);
    Arrays.fill(e.values, Double.NEGATIVE_INFINITY);
    Arrays.fill(e.sums, ExactSum.ZERO);
    return e;
  }

  /** Adds every voxel of {@code owned} (a box of the map this accumulator is for). */
  public void add(Volume owned) {
    int at = 0;
    for (int l : levels) {
      for (int c = 0; c < channels; c++) {
        for (int bx = 0; bx < l; bx++) {
          for (int by = 0; by < l; by++) {
            for (int bz = 0; bz < l; bz++) {
              Box bin = Box.of(start(0, bx, l), start(1, by, l), start(2, bz, l),
                  end(0, bx, l), end(1, by, l), end(2, bz, l));
              Box part = bin.intersect(owned.box());
              if (!part.isEmpty() && max) {
                values[at] = combine(values[at], reduce(owned, c, part));
              } else if (!part.isEmpty()) {
                sums[at] = sums[at].plus(reduce(owned, c, part));
              }
              at++;
            }
          }
        }
      }
    }
  }

  private long start(int d, int i, int l) {
    return Math.floorDiv(i * extent[d], l);
  }

  private long end(int d, int i, int l) {
    return -Math.floorDiv(-(i + 1) * extent[d], l);
  }

  private double reduce(Volume v, int c, Box part) {
    double acc = max ? Double.NEGATIVE_INFINITY : 0;
    for (long z = part.min(2); z < part.max(2); z++) {
      for (long y = part.min(1); y < part.max(1); y++) {
        int i = v.index(c, part.min(0), y, z);
        for (long x = part.min(0); x < part.max(0); x++, i++) {
          acc = combine(acc, v.data()[i]);
        }
      }
    }
    return acc;
  }

  private double combine(double a, double b) {
    if (!max) {
      return a + b;
    }
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
  }

  /** Both partials together. */
  SppAccumulator merge(SppAccumulator o) {
    SppAccumulator m = new SppAccumulator(this);
    for (int i = 0; i < values.length; i++) {
      m.values[i] = combine(values[i], o.values[i]);
    }
    for (int i = 0; i < sums.length; i++) {
      m.sums[i] = sums[i].plus(o.sums[i]);
    }
    return m;
  }

  /** The feature vector, once every voxel of the map has been added. */
  public float[] vector() {
    float[] out = new float[max ? values.length : sums.length];
    int at = 0;
    for (int l : levels) {
      for (int c = 0; c < channels; c++) {
        for (int bx = 0; bx < l; bx++) {
          for (int by = 0; by < l; by++) {
            for (int bz = 0; bz < l; bz++) {
              double voxels = (double) (end(0, bx, l) - start(0, bx, l))
                  * (end(1, by, l) - start(1, by, l)) * (end(2, bz, l) - start(2, bz, l));
              out[at] = max ? (float) values[at]
                  : (float) sums[at].dividedBy(voxels);
              at++;
            }
          }
        }
      }
    }
    return out;
  }

  public int[] levels() {
    return levels.clone();
  }

  public int channels() {
    return channels;
  }
}
