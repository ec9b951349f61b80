package org.voxtile.stats;

import java.io.Serializable;

/**
 * A partial reduction over some voxels of one map: what a tile returns. Merging is exact,
 * associative and commutative, so merging the partials of any tiling in any order gives the same
 * value, and the same value as one partial over the whole map. Implementations are immutable.
 *
 * <pre>{@code
 * Partial total = Partial.mergeAll(partialsInAnyOrder);
 * }</pre>
 */
public interface Partial extends Serializable {
  /**
   * This partial and {@code other} together, as a new partial.
   *
   * @throws IllegalArgumentException when {@code other} is of another kind or shape
   */
  Partial merge(Partial other);

  /**
   * All {@code partials} merged.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  static Partial mergeAll(Iterable<? extends Partial> partials) {
    Partial total = null;
    for (Partial p : partials) {
      total = total == null ? p : total.merge(p);
    }
    if (total == null) {
      throw new IllegalArgumentException("no partial reductions to merge");
    }
    return total;
  }
}
