package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * Spatial pyramid pooling: one fixed-length feature vector per volume, whatever its size. For each
 * level l (in the order given) the volume is pooled by {@link AdaptivePool3d} to l x l x l bins,
 * max or avg. Order of the vector, as PyTorch's
 * {@code torch.cat([adaptive_pool3d(t, l).flatten(1) for l in levels], 1)} on a tensor of shape
 * (1, C, X, Y, Z): level, then channel, then bin x, then y, then z (z fastest; note this is NOT
 * voxtile's x-fastest memory order). Length: channels * sum(l^3).
 *
 * <pre>{@code
 * float[] features = new SpatialPyramidPooling(new int[] {1, 2, 4}, PoolMode.MAX).features(c2);
 * }</pre>
 */
public final class SpatialPyramidPooling {
  private final int[] levels;
  private final PoolMode mode;

  public SpatialPyramidPooling(int[] levels, PoolMode mode) {
    checkArgument(levels.length >= 1, "spp: needs at least one level");
    for (int l : levels) {
      checkArgument(l >= 1, "spp: levels must be >= 1: %s", Arrays.toString(levels));
    }
    this.levels = levels.clone();
    this.mode = mode;
  }

  /** Length of the feature vector for {@code channels} channels. */
  public int length(int channels) {
    int perChannel = 0;
    for (int l : levels) {
      perChannel = Math.addExact(perChannel, Math.multiplyExact(l, l * l));
    }
    return Math.multiplyExact(perChannel, channels);
  }

  /** The feature vector of a whole volume (its box is taken as the whole feature map). */
  public float[] features(Volume whole) {
    float[] out = new float[length(whole.channels())];
    int at = 0;
    for (int l : levels) {
      Volume pooled = new AdaptivePool3d(Extent.cube(l), mode).apply(atOrigin(whole));
      for (int c = 0; c < whole.channels(); c++) {
        for (int x = 0; x < l; x++) {
          for (int y = 0; y < l; y++) {
            for (int z = 0; z < l; z++) {
              out[at++] = pooled.data()[pooled.index(c, x, y, z)];
            }
          }
        }
      }
    }
    return out;
  }

  private static Volume atOrigin(Volume v) {
    return v.box().min().equals(org.voxtile.geometry.Index3.ORIGIN) ? v
        : Volume.wrap(org.voxtile.geometry.Box.of(v.extent()), v.channels(), v.data());
  }

  @Override
  public String toString() {
    return "spp(" + Arrays.toString(levels) + ", " + mode.name().toLowerCase() + ")";
  }
}
