package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

/**
 * Bounds a reader checks before trusting a header: nothing is allocated or inflated from a
 * declared size until it has passed these.
 *
 * @param maxVoxels largest voxel count (all channels) a header may declare
 * @param maxInMemoryBytes largest decoded data a compressed file may inflate into memory
 * @param maxExtensionBytes extension bytes kept per file; larger extension areas are skipped
 */
public record ReadLimits(long maxVoxels, long maxInMemoryBytes, int maxExtensionBytes) {
  /** 2^34 voxels (a 2048^3 x 2 scan), 2 GiB in memory (one Java array), 1 MiB of extensions. */
  public static final ReadLimits DEFAULT = new ReadLimits(1L << 40, Integer.MAX_VALUE - 64, 1 << 20);

  public ReadLimits {
    checkArgument(maxVoxels > 0, "maxVoxels must be positive: %s", maxVoxels);
    checkArgument(maxInMemoryBytes > 0 && maxInMemoryBytes <= Integer.MAX_VALUE - 64,
        "maxInMemoryBytes must be in 1..2^31-65: %s", maxInMemoryBytes);
    checkArgument(maxExtensionBytes >= 0, "maxExtensionBytes must be >= 0: %s", maxExtensionBytes);
  }

  public ReadLimits withMaxVoxels(long voxels) {
    return new ReadLimits(voxels, maxInMemoryBytes, maxExtensionBytes);
  }

  public ReadLimits withMaxInMemoryBytes(long bytes) {
    return new ReadLimits(maxVoxels, bytes, maxExtensionBytes);
  }
}
