package org.voxtile.tiling;

import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;

/**
 * The grid tiles are aligned to: per axis, the least common multiple of every live node's voxel
 * size in output voxels (a node downsampled 4x by pooling and then 2x by a strided convolution
 * has voxels 8 output voxels wide), capped at the output's extent, so that every tile starts each
 * node's map at a whole voxel of that node.
 */
final class TileAlignment {
  private TileAlignment() {}

  /** Per axis: the least common multiple of every live node's voxel size in output voxels. */
  static Extent coarsestVoxel(Network network, String reference, Extent referenceExtent) {
    double[] outputJump = ReceptiveField.of(network, reference).jump();
    long[] align = {1, 1, 1};
    for (String node : network.live()) {
      if (node.equals(Network.SOURCE)) {
        continue;
      }
      double[] jump = ReceptiveField.of(network, node).jump();
      for (int d = 0; d < 3; d++) {
        double ratio = jump[d] / outputJump[d];
        if (ratio > 1 + 1e-9) {
          align[d] = lcm(align[d], (long) Math.ceil(ratio - 1e-9));
        }
      }
    }
    return new Extent(
        Math.min(align[0], referenceExtent.x()),
        Math.min(align[1], referenceExtent.y()),
        Math.min(align[2], referenceExtent.z()));
  }

  private static long lcm(long a, long b) {
    long x = a;
    long y = b;
    while (y != 0) {
      long t = x % y;
      x = y;
      y = t;
    }
    return a / x * b;
  }

}
