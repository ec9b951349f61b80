package org.voxtile.ops;

import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * An op whose voxels are a pointwise function of its inputs once statistics of its whole input
 * maps are known: instance norm, group norm, per-scan normalisation. Its region map is the
 * identity, but no halo makes it local, so a staged plan computes it in two steps: tiles return
 * partial reductions over their own part of the input maps, one pass after another
 * ({@link #reduce}), the merged partials are collected in {@link Statistics}, and
 * {@link #bind} turns the op into an ordinary local op that the next stage computes tile by tile.
 * Because the partials merge exactly, the bound op is the same for every tiling.
 *
 * <pre>{@code
 * Statistics known = Statistics.NONE;
 * for (int pass = 0; pass < op.passes(); pass++) {
 *   known = known.then(Partial.mergeAll(tiles.map(t -> op.reduce(pass, inputsOver(t), t, known))));
 * }
 * Op local = op.bind(known);
 * }</pre>
 *
 * A misuse to avoid: calling {@link #compute} on the unbound op (it throws; there is no
 * statistic to use), or binding statistics of a part of the map (per-patch normalisation, the
 * seams this design exists to avoid).
 */
public interface GlobalOp extends Voxelwise {
  /** Reduction passes before the op can be bound: 1, or 2 for an exact selection. */
  int passes();

  /**
   * The partial reduction of pass {@code pass} over {@code region} of the op's input maps.
   *
   * @param inputs one volume per op input, each covering {@code region}
   * @param region a box of the input maps; the regions of one pass partition them
   * @param earlier the merged results of passes 0 to pass - 1
   */
  Partial reduce(int pass, List<Volume> inputs, Box region, Statistics earlier);

  /**
   * The local op this op is for these statistics of the whole input maps.
   *
   * @param statistics the merged results of all {@link #passes()}
   * @throws VoxtileException when the statistics are undefined (e.g. an empty mask)
   */
  Op bind(Statistics statistics);

  @Override
  default boolean isLocal() {
    return false;
  }

  @Override
  default String describeNonLocality() {
    return "every voxel depends on statistics of the whole input map (a global op: plan it in stages)";
  }

  /** Always throws: an unbound global op has no statistics to compute with. */
  @Override
  default Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    throw new VoxtileException(name() + " is a global op: compute it through a staged plan, or bind it to"
        + " statistics of its whole input first (GlobalOp.bind)");
  }

  /**
   * The op on whole input maps: every pass over the whole maps, then the bound op. For tests and
   * small volumes; the staged plan gives the same bits tile by tile.
   */
  default Volume applyWhole(Volume... inputs) {
    List<Volume> all = List.of(inputs);
    Box box = inputs[0].box();
    Statistics known = Statistics.NONE;
    for (int pass = 0; pass < passes(); pass++) {
      known = known.then(reduce(pass, all, box, known));
    }
    return bind(known).compute(all, box, inputs[0].extent());
  }
}
