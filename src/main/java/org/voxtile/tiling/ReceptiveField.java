package org.voxtile.tiling;

import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;

/**
 * Receptive field and effective stride ("jump") of a node with respect to the pipeline input,
 * derived by composing the ops' region maps ({@link Regions#unclipped}), not from separate
 * formulas: for a chain of convolutions this gives r_l = r_{l-1} + (k_l - 1) * j_{l-1} with
 * dilated kernels counting as k + (k - 1)(d - 1), and it is also right for transposed
 * convolution, pooling and DAGs with skips.
 *
 * @param size input voxels that one node voxel depends on, per axis (the largest over positions:
 *     after a transposed convolution it can differ between even and odd voxels)
 * @param jump input voxels between neighbouring node voxels, per axis (0.5 after an upsampling
 *     by 2)
 */
public record ReceptiveField(Extent size, double[] jump) {
  /** Positions far from the origin, so that no map meets the border of anything. */
  private static final long FAR = 1L << 20;

  /** Period over which a node's region map repeats; covers strides up to 64 in any product. */
  private static final int PERIOD = 64;

  public static ReceptiveField of(Network network, String node) {
    long[] size = new long[3];
    Box first = null;
    Box last = null;
    for (int p = 0; p <= PERIOD; p++) {
      Box voxel = Box.of(Index3.of(FAR + p, FAR + p, FAR + p), Extent.cube(1));
      Box source = Regions.unclipped(network, Map.of(node, voxel)).get(Network.SOURCE);
      for (int d = 0; d < 3; d++) {
        size[d] = Math.max(size[d], source.max(d) - source.min(d));
      }
      if (p == 0) {
        first = source;
      }
      last = source;
    }
    double[] jump = new double[3];
    for (int d = 0; d < 3; d++) {
      jump[d] = (double) (last.min(d) - first.min(d)) / PERIOD;
    }
    return new ReceptiveField(new Extent(size[0], size[1], size[2]), jump);
  }

  @Override
  public double[] jump() {
    return jump.clone();
  }
}
