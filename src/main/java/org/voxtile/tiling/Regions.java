package org.voxtile.tiling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;

/**
 * Region maps composed backwards through the DAG: which box of every node (and of
 * {@link Network#SOURCE}) must be computed so that the requested boxes of the outputs can be.
 *
 * <p>The needed box of a node is the hull of what its consumers' ops require of it
 * ({@code Op.requiredInput}), clipped to the node's global extent: positions outside it are the
 * consumer's padding and are never computed. Unclipped, the same pass gives receptive fields.
 */
public final class Regions {
  private Regions() {}

  /**
   * Needed boxes, clipped to each map's global extent. Nodes no output depends on are absent;
   * a node whose needed box is empty contributes nothing and need not be computed.
   *
   * @param requested the boxes of output nodes to compute, in each output's global coordinates
   */
  public static Map<String, Box> needed(
      Network network, Map<String, NodeShape> shapes, Map<String, Box> requested) {
    return pass(network, shapes, requested, true, false, Set.of());
  }

  /**
   * As {@link #needed(Network, Map, Map)}, but the maps named in {@code leaves} are read, not
   * computed (a staged plan's materialised maps): their needed boxes are found, their inputs are
   * not asked for.
   */
  public static Map<String, Box> needed(
      Network network, Map<String, NodeShape> shapes, Map<String, Box> requested, Set<String> leaves) {
    return pass(network, shapes, requested, true, false, leaves);
  }

  /**
   * Needed boxes without clipping: where a voxel's value comes from in the infinite grid, padding
   * included. Used for receptive fields and strides, never for computing.
   */
  public static Map<String, Box> unclipped(Network network, Map<String, Box> requested) {
    return pass(network, null, requested, false, false, Set.of());
  }

  /**
   * Where a voxel's value comes from on the unbounded grid, where no map has a border
   * ({@code Op.receptiveRegion}): the same as {@link #unclipped} except for ops bound to their
   * input extent, which answer as if their input went on without end. Used for receptive fields
   * and strides, which are properties of the network, not of one volume.
   */
  public static Map<String, Box> unbounded(Network network, Map<String, Box> requested) {
    return pass(network, null, requested, false, true, Set.of());
  }

  /**
   * As {@link #unbounded(Network, Map)}, but the maps named in {@code leaves} are not looked
   * through: their regions are found, their inputs are not asked for. Used to measure where a
   * voxel lies on the grid of the nearest map with a declared grid of its own.
   */
  public static Map<String, Box> unbounded(Network network, Map<String, Box> requested, Set<String> leaves) {
    return pass(network, null, requested, false, true, leaves);
  }

  private static Map<String, Box> pass(Network network, Map<String, NodeShape> shapes,
      Map<String, Box> requested, boolean clip, boolean unbounded, Set<String> leaves) {
    Map<String, Box> needed = new HashMap<>();
    requested.forEach((name, box) -> needed.merge(name, box, Box::hull));
    List<Node> nodes = network.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      Box out = needed.get(node.name());
      if (out == null || out.isEmpty() || leaves.contains(node.name())) {
        continue;
      }
      Box in = unbounded ? node.op().receptiveRegion(out) : node.op().requiredInput(out);
      for (String input : node.inputs()) {
        Box box = clip ? in.intersect(Box.of(shapes.get(input).extent())) : in;
        needed.merge(input, box, Box::hull);
      }
    }
    return needed;
  }

  /**
   * The box of a grid of extent {@code to} that stands for {@code cell} of a grid of extent
   * {@code from}, cut in proportion (floor at both ends): the cells of a partition of {@code from}
   * give a partition of {@code to}.
   */
  public static Box proportional(Box cell, Extent from, Extent to) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      lo[d] = scaledFloor(cell.min(d), to.get(d), from.get(d));
      hi[d] = scaledFloor(cell.max(d), to.get(d), from.get(d));
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  /** floor(a * num / den) for den > 0, exact where a * num passes 64 bits (an axis of 2^40 voxels). */
  static long scaledFloor(long a, long num, long den) {
    long high = Math.multiplyHigh(a, num);
    long low = a * num;
    if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
      return Math.floorDiv(low, den);
    }
    java.math.BigInteger[] qr = java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(num))
        .divideAndRemainder(java.math.BigInteger.valueOf(den));
    // divide truncates toward zero; floor is one less for a negative quotient with a remainder
    return qr[0].longValueExact() - (qr[1].signum() < 0 ? 1 : 0);
  }
}
