package org.voxtile.tiling;

import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;

/**
 * Receptive field and effective stride ("jump") of a node with respect to the pipeline input,
 * derived by composing the ops' region maps on the unbounded grid ({@link Regions#unbounded}),
 * not from separate formulas: for a chain of convolutions this gives
 * r_l = r_{l-1} + (k_l - 1) * j_{l-1} and j_l = j_{l-1} * s_l, with dilated kernels counting as
 * k + (k - 1)(d - 1), and it is also right for transposed convolution, pooling, padding and DAGs
 * with skips.
 *
 * <p>Positions are taken far from the origin, where no map meets a border: an op bound to its
 * input extent (replicate padding, adaptive pooling) answers for the unbounded grid there
 * ({@code Op.receptiveRegion}), never with clamped coordinates.
 *
 * @param size input voxels that one node voxel depends on, per axis (the largest over positions:
 *     after a transposed convolution it can differ between even and odd voxels)
 * @param jump input voxels between neighbouring node voxels, per axis (0.5 after an upsampling
 *     by 2); exact for every jump whose denominator divides {@value #JUMP_SPAN}
 * @param halo input voxels a tile of this node reads beyond its own footprint, per side: the
 *     footprint of node voxel q is input [q j, (q + 1) j), so a 'same' 3x3x3 convolution has
 *     halo 1 on each side and a 'valid' one 0 below and 2 above
 */
public record ReceptiveField(Extent size, double[] jump, Halo halo) {
  /** Positions far from the origin, so that no map meets the border of anything. */
  private static final long FAR = 1L << 24;

  /** Positions sampled for the size; covers region maps repeating every 1 to 64 voxels. */
  private static final int PERIOD = 64;

  /**
   * The jump is measured over this many node voxels: 2^6 * 3^3 * 5^2 * 7, so that strides,
   * upsampling factors and adaptive-pool ratios built of small primes give exact quotients.
   */
  static final long JUMP_SPAN = 302_400;

  public static ReceptiveField of(Network network, String node) {
    // the jump from windows of PERIOD voxels rather than single voxels: a voxel may depend on no
    // input at all (a transposed convolution with stride > kernel leaves gaps of bias only)
    Box first = sourceOf(network, node, FAR, PERIOD);
    Box last = sourceOf(network, node, FAR + JUMP_SPAN, PERIOD);
    long[] delta = new long[3];
    double[] jump = new double[3];
    for (int d = 0; d < 3; d++) {
      delta[d] = first.isEmpty() || last.isEmpty() ? 0 : last.min(d) - first.min(d);
      jump[d] = (double) delta[d] / JUMP_SPAN;
    }
    long[] size = new long[3];
    long[] lower = new long[3];
    long[] upper = new long[3];
    for (int p = 0; p <= PERIOD; p++) {
      long q = FAR + p;
      Box source = sourceOf(network, node, q, 1);
      if (source.isEmpty()) {
        continue;
      }
      for (int d = 0; d < 3; d++) {
        size[d] = Math.max(size[d], source.max(d) - source.min(d));
        // the voxel's own footprint in the input, [q j, (q + 1) j) rounded outwards, in exact
        // integer arithmetic (j = delta / JUMP_SPAN)
        long footMin = Math.floorDiv(q * delta[d], JUMP_SPAN);
        long footMax = -Math.floorDiv(-(q + 1) * delta[d], JUMP_SPAN);
        lower[d] = Math.max(lower[d], footMin - source.min(d));
        upper[d] = Math.max(upper[d], source.max(d) - footMax);
      }
    }
    return new ReceptiveField(new Extent(size[0], size[1], size[2]), jump,
        new Halo(new Extent(lower[0], lower[1], lower[2]), new Extent(upper[0], upper[1], upper[2])));
  }

  /**
   * The pipeline-input region of the node voxels [p, p + n)^3 on the unbounded grid; empty when
   * they depend on no input voxel.
   */
  private static Box sourceOf(Network network, String node, long p, long n) {
    Box voxels = Box.of(Index3.of(p, p, p), Extent.cube(n));
    Box source = Regions.unbounded(network, Map.of(node, voxels)).get(Network.SOURCE);
    return source == null ? Box.of(0, 0, 0, 0, 0, 0) : source;
  }

  @Override
  public double[] jump() {
    return jump.clone();
  }
}
