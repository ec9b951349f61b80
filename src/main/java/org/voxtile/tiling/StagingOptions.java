package org.voxtile.tiling;

import org.voxtile.geometry.Extent;

/**
 * How to plan a staged run.
 *
 * @param bytesPerTask live maps one tile may hold ({@code --memory-per-task}): each stage's tile
 *     size is the one {@link TilePlanner#planWithinBudget(long, int)} picks, unless {@code tiles}
 *     is given
 * @param slots tiles computed at once
 * @param scratchBudget bytes the materialised maps of one scan may take in scratch storage
 * @param choice {@link CutChoice#AUTO} for the cost model, or one choice forced for every cut
 * @param tiles a fixed tile size per stage, or null for the memory budget
 */
public record StagingOptions(long bytesPerTask, int slots, long scratchBudget, CutChoice choice, TileSizes tiles) {
  /** A tile extent per stage, in voxels of the stage's reference map (for tests and fixed runs). */
  @FunctionalInterface
  public interface TileSizes {
    Extent tileFor(int stage, Extent reference);
  }

  /** The memory budget's tiles, the cost model's choices. */
  public static StagingOptions withinBudget(long bytesPerTask, int slots, long scratchBudget) {
    return new StagingOptions(bytesPerTask, slots, scratchBudget, CutChoice.AUTO, null);
  }

  /** Fixed tiles and a forced choice (no scratch limit). */
  public static StagingOptions fixed(TileSizes tiles, CutChoice choice) {
    return new StagingOptions(Long.MAX_VALUE, 1, Long.MAX_VALUE, choice, tiles);
  }
}
