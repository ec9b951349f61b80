package org.voxtile.spark.stitch;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Regridding;
import org.voxtile.tiling.Regions;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;

/**
 * Where an output node's voxels lie in the world (design.md, "Output geometry" and "Grids"). A node
 * whose op declares its grid ({@link Regridding}: reorient, resample, crop_to, pad_to) has that
 * grid's affine. Any other node's grid is derived from its anchor, the nearest map up its first
 * inputs with a grid of its own (the pipeline input or a regridding node): output voxel i stands for
 * the centre of the anchor region it is computed from, so its anchor-voxel position is
 * {@code offset + jump * i} per axis, and the output affine is the anchor's affine composed with
 * that map. A network that keeps the resolution (stride 1, "same" padding) gets its anchor's affine
 * back; a network with no regridding node is measured from the pipeline input exactly as before
 * grids existed.
 */
public final class OutputGeometry {
  /** Positions far from the origin, so the unbounded regions never meet a border. */
  private static final long FAR = 1L << 20;
  /**
   * Voxels averaged over: a region's centre may alternate after a transposed convolution, and
   * after an interpolation by a ratio such as 12 / 17 it cycles with a long period, whose part
   * cycle at the end biases the mean by at most period / (2 PERIOD) voxels.
   */
  private static final int PERIOD = 4096;
  /**
   * Output voxels over which the spacing is measured: ReceptiveField's span times 2^12, so a jump
   * it gives exactly stays exact and any other (in / out = 12 / 17) is within 2^-30; the jump over
   * ReceptiveField's span alone may be off by 1 / 302400, which FAR turns into voxels of offset.
   */
  private static final long SPAN = 302_400L << 12;

  private OutputGeometry() {}

  /** The orientation of {@code node}'s output grid, given the pipeline input grid's. */
  public static Orientation of(Network network, String node, Orientation input) {
    Set<String> regridding = new TreeSet<>();
    for (Node n : network.nodes()) {
      if (n.op() instanceof Regridding) {
        regridding.add(n.name());
      }
    }
    String anchor = anchor(network, node);
    Orientation base = anchor.equals(Network.SOURCE) ? input : declared(network, anchor, input);
    if (anchor.equals(node)) {
      return base;
    }
    double[] jump = spacing(network, node, anchor, regridding);
    double[] offset = new double[3];
    int counted = 0;
    for (int p = 0; p < PERIOD; p++) {
      long at = FAR + p;
      Box voxel = Box.of(Index3.of(at, at, at), Extent.cube(1));
      // unbounded, not unclipped: ops bound to their extent (replicate pad) must not clamp
      Box region = Regions.unbounded(network, Map.of(node, voxel), regridding).get(anchor);
      if (region == null || region.isEmpty()) {
        continue; // a voxel made of bias alone (transposed conv with stride > kernel) stands for nothing
      }
      counted++;
      for (int d = 0; d < 3; d++) {
        double centre = (region.min(d) + region.max(d) - 1) / 2.0;
        offset[d] += centre - at * jump[d];
      }
    }
    for (int d = 0; d < 3; d++) {
      // the mean over voxels that read input; an exact half or whole voxel, not 0.49999999
      offset[d] = counted == 0 ? 0 : Math.rint(offset[d] / counted * 1024) / 1024;
    }
    return base.resampled(offset, jump);
  }

  /** The nearest map up the first inputs of {@code node} (itself included) whose grid is its own. */
  static String anchor(Network network, String node) {
    String at = node;
    while (!at.equals(Network.SOURCE) && !(network.node(at).op() instanceof Regridding)) {
      at = network.node(at).inputs().get(0);
    }
    return at;
  }

  /** A regridding node's declared grid, in the input's spatial unit, spacing from its affine. */
  private static Orientation declared(Network network, String node, Orientation input) {
    Affine affine = ((Regridding) network.node(node).op()).outputGrid().affine();
    return new Orientation(affine, affine.voxelSizes(), input.unit());
  }

  /** Anchor voxels per output voxel, per axis, from the regions of two windows SPAN apart. */
  private static double[] spacing(Network network, String node, String anchor, Set<String> leaves) {
    Box first = window(network, node, FAR, anchor, leaves);
    Box last = window(network, node, FAR + SPAN, anchor, leaves);
    double[] jump = new double[3];
    for (int d = 0; d < 3; d++) {
      jump[d] = first == null || last == null ? 0 : (double) (last.min(d) - first.min(d)) / SPAN;
    }
    return jump;
  }

  private static Box window(Network network, String node, long at, String anchor, Set<String> leaves) {
    Box voxels = Box.of(Index3.of(at, at, at), Extent.cube(64));
    Box region = Regions.unbounded(network, Map.of(node, voxels), leaves).get(anchor);
    return region == null || region.isEmpty() ? null : region;
  }
}
