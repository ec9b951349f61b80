package org.voxtile.cli;

import java.util.Locale;
import java.util.Optional;
import org.voxtile.geometry.Extent;
import org.voxtile.tiling.CutChoice;
import org.voxtile.tiling.StagingOptions;

/**
 * The options of a staged plan, {@code --cuts auto|recompute|materialise} and
 * {@code --scratch-budget SIZE}, declared and read in one place so that every command planning
 * stages ({@code describe} and {@code run}) takes the same values
 * with the same help and the same messages.
 *
 * <pre>{@code
 * static final Options OPTIONS = StagingFlags.addTo(new Options("describe", "...").option(...));
 * StagingFlags flags = StagingFlags.read(OPTIONS.parse(args));
 * StagingOptions staging = flags.options(memory, cores, tile);
 * }</pre>
 *
 * @param cuts {@link CutChoice#AUTO} for the cost model's choice per cut, or the choice forced on every cut
 * @param scratchBudget bytes the materialised maps of one scan may take in scratch storage
 */
record StagingFlags(CutChoice cuts, long scratchBudget) {
  static final long DEFAULT_SCRATCH_BUDGET = org.voxtile.spark.RunPlan.DEFAULT_SCRATCH_BUDGET;

  /** {@code auto}, {@code recompute} or {@code materialise}, as the usage spells them. */
  static final OptionValue<CutChoice> CUTS = new OptionValue<>("auto, recompute or materialise", text -> {
    for (CutChoice c : CutChoice.values()) {
      if (spelling(c).equals(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException();
  });

  /** Declares {@code --cuts} and {@code --scratch-budget} on {@code options}; returns it. */
  static Options addTo(Options options) {
    return options
        .option("--cuts", "CHOICE", "what later stages do with the maps a global node's cut leaves: auto "
            + "(default): the cost model chooses per cut; recompute or materialise: that choice at every cut")
        .option("--scratch-budget", "SIZE", "bytes the materialised maps of one scan may take in scratch storage: "
            + "64g (default), 512m, 2gib, bytes; auto materialises a cut only while it fits");
  }

  /** The values given, else the defaults. */
  static StagingFlags read(Options.Parsed a) {
    return new StagingFlags(a.get("--cuts", CUTS, CutChoice.AUTO),
        a.get("--scratch-budget", OptionValue.SIZE, DEFAULT_SCRATCH_BUDGET));
  }

  /**
   * The staging options for these flags.
   *
   * @param tile a fixed tile for every stage, in voxels of the stage's reference map; empty for
   *     the memory budget's tiles
   */
  StagingOptions options(long bytesPerTask, int slots, Optional<Extent> tile) {
    StagingOptions.TileSizes tiles = tile.<StagingOptions.TileSizes>map(t -> (stage, reference) -> t).orElse(null);
    return new StagingOptions(bytesPerTask, slots, scratchBudget, cuts, tiles);
  }

  /** The command-line spelling of {@code choice}: {@code auto}, {@code recompute}, {@code materialise}. */
  static String spelling(CutChoice choice) {
    return choice.name().toLowerCase(Locale.ROOT);
  }
}
