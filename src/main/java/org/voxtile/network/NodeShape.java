package org.voxtile.network;

import org.voxtile.geometry.Extent;

/** The global feature map a node produces for a given input extent: spatial extent and channels. */
public record NodeShape(Extent extent, int channels) implements java.io.Serializable {
  /** Bytes of float32 activations for {@code voxels} voxels of this map. */
  public long bytes(long voxels) {
    return Math.multiplyExact(Math.multiplyExact(voxels, channels), Float.BYTES);
  }
}
