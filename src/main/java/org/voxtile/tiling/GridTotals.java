package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;

/**
 * What a plan's tiles cost in total — voxels computed per node and the largest live set of maps
 * of any tile — without visiting every tile, so that a plan of 10^7 tiles (BigBrain in 16^3
 * tiles) is planned in seconds and in a bounded heap.
 *
 * <p>It rests on the grid being separable: a node's needed interval on one of its axes depends on
 * the tile's position along one grid axis only (true of every op whose region map works axis by
 * axis, an axis permutation included). Then the interval is known from one probe per cell of that
 * grid axis, the sum over all tiles is a product of per-axis sums, and tiles whose intervals have
 * the same lengths and the same equalities (all that {@link TileRunner#peakBytes} looks at) have
 * the same peak, so a few representatives cover all tiles. The assumption is checked on the
 * corner tiles and on random tiles; a network where it fails is summed tile by tile.
 */
final class GridTotals {
  /** Tiles checked against the separable form, beyond the eight corners. */
  private static final int CHECKED_TILES = 64;

  final Map<String, Long> computed;
  final long peak;
  /** Whether the totals came from the separable form (false: every tile was visited). */
  final boolean separable;

  private GridTotals(Map<String, Long> computed, long peak, boolean separable) {
    this.computed = computed;
    this.peak = peak;
    this.separable = separable;
  }

  /**
   * @param neededOf the needed box per node (the source included) for a cell of {@code grid}
   * @param peakOf the peak bytes of a cell
   */
  static GridTotals of(BoxGrid grid, Function<Box, Map<String, Box>> neededOf, Function<Box, Long> peakOf) {
    Separable s = Separable.probe(grid, neededOf);
    if (s == null || !s.holds(grid, neededOf)) {
      return enumerate(grid, neededOf, peakOf);
    }
    // at most one representative per tile, so never more work than visiting every tile
    List<List<Integer>> classes = new ArrayList<>();
    for (int a = 0; a < 3; a++) {
      classes.add(s.representatives(a));
    }
    long peak = 0;
    for (int i : classes.get(0)) {
      for (int j : classes.get(1)) {
        for (int k : classes.get(2)) {
          peak = Math.max(peak, peakOf.apply(grid.cell(i, j, k)));
        }
      }
    }
    return new GridTotals(s.sums(grid), peak, true);
  }

  static GridTotals enumerate(BoxGrid grid, Function<Box, Map<String, Box>> neededOf,
      Function<Box, Long> peakOf) {
    Map<String, Long> computed = new LinkedHashMap<>();
    long peak = 0;
    for (Box cell : grid) {
      neededOf.apply(cell).forEach((node, box) -> computed.merge(node, box.voxelCount(), Long::sum));
      peak = Math.max(peak, peakOf.apply(cell));
    }
    return new GridTotals(computed, peak, false);
  }

  /**
   * The needed boxes of the probes: along each grid axis a, the cells at every position of a with
   * the other two at their middle; and which grid axis each node axis follows. A node may be
   * absent from a tile's needed boxes (a tile reading only padding) or present with an empty box,
   * whose corners mean nothing; both are kept apart from boxes with voxels.
   */
  private static final class Separable {
    private static final int ABSENT = 0;
    private static final int EMPTY = 1;
    private static final int VOXELS = 2;

    private final List<String> nodes;
    /** probes.get(a)[i]: needed boxes of the probe at position i along grid axis a. */
    private final List<Map<String, Box>[]> probes;
    /** follows.get(node)[d]: the grid axis node axis d varies with, or -1 when it never does. */
    private final Map<String, int[]> follows;
    private final Map<String, Box> middle;

    private Separable(List<String> nodes, List<Map<String, Box>[]> probes, Map<String, int[]> follows,
        Map<String, Box> middle) {
      this.nodes = nodes;
      this.probes = probes;
      this.follows = follows;
      this.middle = middle;
    }

    private static int state(Box box) {
      return box == null ? ABSENT : box.isEmpty() ? EMPTY : VOXELS;
    }

    /** Null when the probes show no separable form (a node axis moving with two grid axes). */
    @SuppressWarnings("unchecked")
    static Separable probe(BoxGrid grid, Function<Box, Map<String, Box>> neededOf) {
      Extent counts = grid.cellCounts();
      long[] mid = {counts.x() / 2, counts.y() / 2, counts.z() / 2};
      Map<String, Box> middle = neededOf.apply(grid.cell(mid[0], mid[1], mid[2]));
      Set<String> seen = new LinkedHashSet<>(middle.keySet());
      List<Map<String, Box>[]> probes = new ArrayList<>();
      for (int a = 0; a < 3; a++) {
        Map<String, Box>[] along = new Map[(int) counts.get(a)];
        for (int i = 0; i < along.length; i++) {
          long[] at = mid.clone();
          at[a] = i;
          along[i] = neededOf.apply(grid.cell(at[0], at[1], at[2]));
          seen.addAll(along[i].keySet());
        }
        probes.add(along);
      }
      List<String> nodes = List.copyOf(seen);
      Map<String, int[]> follows = new HashMap<>();
      for (String node : nodes) {
        if (state(middle.get(node)) != VOXELS) {
          return null; // the probes through the middle tile cannot see this node's intervals
        }
        int[] f = {-1, -1, -1};
        for (int a = 0; a < 3; a++) {
          boolean gaps = false;
          for (int d = 0; d < 3; d++) {
            if (varies(probes.get(a), node, d)) {
              if (f[d] >= 0) {
                return null;
              }
              f[d] = a;
            }
          }
          for (Map<String, Box> p : probes.get(a)) {
            gaps |= state(p.get(node)) != VOXELS;
          }
          if (gaps && f[0] != a && f[1] != a && f[2] != a) {
            return null; // present or not along a, yet no interval of it follows a
          }
        }
        follows.put(node, f);
      }
      return new Separable(nodes, probes, follows, middle);
    }

    /** Whether node axis d's interval changes along the probes (boxes with voxels only). */
    private static boolean varies(Map<String, Box>[] along, String node, int d) {
      Box first = null;
      for (Map<String, Box> p : along) {
        Box b = p.get(node);
        if (state(b) != VOXELS) {
          continue;
        }
        if (first == null) {
          first = b;
        } else if (b.min(d) != first.min(d) || b.max(d) != first.max(d)) {
          return true;
        }
      }
      return false;
    }

    /** The state of {@code node} for the cell at {@code at}: the least of its probes' states. */
    private int predictedState(String node, long[] at) {
      int state = VOXELS;
      for (int a = 0; a < 3; a++) {
        state = Math.min(state, state(probes.get(a)[(int) at[a]].get(node)));
      }
      return state;
    }

    /** The needed box of {@code node} for the cell at {@code at}, when it has voxels. */
    private Box predicted(String node, long[] at) {
      long[] min = new long[3];
      long[] max = new long[3];
      for (int d = 0; d < 3; d++) {
        int a = follows.get(node)[d];
        Box from = a < 0 ? middle.get(node) : probes.get(a)[(int) at[a]].get(node);
        min[d] = from.min(d);
        max[d] = from.max(d);
      }
      return Box.of(new Index3(min[0], min[1], min[2]), new Extent(max[0] - min[0], max[1] - min[1], max[2] - min[2]));
    }

    /** The separable form gives every node's box of the corner tiles and of random tiles. */
    boolean holds(BoxGrid grid, Function<Box, Map<String, Box>> neededOf) {
      Extent counts = grid.cellCounts();
      Random random = new Random(counts.voxelCount());
      List<long[]> checked = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        checked.add(new long[] {(c & 1) == 0 ? 0 : counts.x() - 1, (c & 2) == 0 ? 0 : counts.y() - 1,
            (c & 4) == 0 ? 0 : counts.z() - 1});
      }
      for (int t = 0; t < CHECKED_TILES; t++) {
        checked.add(new long[] {random.nextInt((int) counts.x()), random.nextInt((int) counts.y()),
            random.nextInt((int) counts.z())});
      }
      for (long[] at : checked) {
        Map<String, Box> actual = neededOf.apply(grid.cell(at[0], at[1], at[2]));
        if (!nodes.containsAll(actual.keySet())) {
          return false;
        }
        for (String node : nodes) {
          int state = predictedState(node, at);
          Box b = actual.get(node);
          if (state(b) != state || (state == VOXELS && !predicted(node, at).equals(b))) {
            return false;
          }
        }
      }
      return true;
    }

    /** Per node, the voxels of its needed boxes summed over every cell of the grid. */
    Map<String, Long> sums(BoxGrid grid) {
      Map<String, Long> computed = new LinkedHashMap<>();
      for (String node : nodes) {
        int[] f = follows.get(node);
        long total = 1;
        for (int a = 0; a < 3; a++) {
          // the sum over this grid axis of the product of the lengths of the node axes following it
          long sum = 0;
          for (Map<String, Box> p : probes.get(a)) {
            Box b = p.get(node);
            long product = state(b) == VOXELS ? 1 : 0;
            for (int d = 0; d < 3 && product > 0; d++) {
              if (f[d] == a) {
                product *= b.extent().get(d);
              }
            }
            sum += product;
          }
          total = Math.multiplyExact(total, sum);
        }
        for (int d = 0; d < 3; d++) {
          if (f[d] < 0) {
            total = Math.multiplyExact(total, middle.get(node).extent().get(d));
          }
        }
        computed.put(node, total);
      }
      return computed;
    }

    /**
     * One position per class of positions along grid axis a: positions whose probes give every
     * node the same state and every node axis following a the same length and the same equality
     * with the other intervals of that axis (what decides an in-place op) share a peak.
     */
    List<Integer> representatives(int a) {
      Map<List<Long>, Integer> classes = new LinkedHashMap<>();
      Map<String, Box>[] along = probes.get(a);
      for (int i = 0; i < along.length; i++) {
        // equal intervals of one axis get the number of the first node that has it, so the
        // signature holds the whole pattern of equalities in one pass over the nodes
        Map<List<Long>, Long> first = new HashMap<>();
        List<Long> signature = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
          String node = nodes.get(n);
          Box b = along[i].get(node);
          signature.add((long) state(b));
          for (int d = 0; d < 3 && state(b) == VOXELS; d++) {
            int f = follows.get(node)[d];
            if (f != a && f >= 0) {
              continue; // moves with another grid axis: an in-place op and its input never do
            }
            Long same = first.putIfAbsent(List.of((long) d, b.min(d), b.max(d)), (long) n);
            if (f == a) {
              signature.add(b.extent().get(d));
              signature.add(same == null ? n : same);
            }
          }
        }
        classes.putIfAbsent(signature, i);
      }
      return List.copyOf(classes.values());
    }
  }
}
