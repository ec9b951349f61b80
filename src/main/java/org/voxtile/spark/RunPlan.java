package org.voxtile.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.spark.output.OutputFormat;
import org.voxtile.storage.Location;
import org.voxtile.tiling.CutChoice;

/**
 * Everything {@code voxtile run} was asked to do, parsed but not yet checked against files.
 *
 * @param pipeline the pipeline file
 * @param weights a weights file overriding the pipeline's {@code weights:}, if any
 * @param scans the scans, at least one
 * @param output the output directory, local or on a Hadoop file system
 * @param batch true: outputs under {@code output/<scan id>/} (manifest, BIDS); false: directly
 *     under {@code output} (one scan)
 * @param tile the tile extent in output voxels, or empty for a tile chosen within
 *     {@code memoryPerTask}
 * @param memoryPerTask bytes of live feature maps a task may hold (the planner's budget)
 * @param mode what to do with an output directory an earlier run wrote into
 * @param splitChannels one 3D file per channel instead of one 4D file per output
 * @param preview whether to write {@code preview.png}
 * @param saveWeights where to write the exact weights used (safetensors), if anywhere
 * @param cuts for networks with global nodes: what each cut does with the maps later stages need
 *     ({@link CutChoice#AUTO}: the cost model chooses)
 * @param scratchBudget bytes one scan's materialised maps may take in scratch storage
 * @param inference the sliding-window flags, overriding the pipeline's {@code inference:}
 * @param format NIfTI files, OME-Zarr images, or both
 */
public record RunPlan(Path pipeline, Optional<Path> weights, List<Scan> scans, Location output, boolean batch,
    Optional<Extent> tile, long memoryPerTask, OutputMode mode, boolean splitChannels, boolean preview,
    Optional<Path> saveWeights, CutChoice cuts, long scratchBudget, Inference.Overrides inference,
    OutputFormat format) {
  /** What a run does with its output directory. */
  public enum OutputMode {
    /** The directory must be absent or empty (the default). */
    FRESH,
    /**
     * {@code --overwrite}: a non-empty directory may be used; what an earlier run wrote there is
     * removed first.
     */
    OVERWRITE,
    /**
     * {@code --resume}, batches only: scans whose done marker records the same fingerprint are
     * skipped and left untouched, the others computed.
     */
    RESUME;

    /** Whether a non-empty output directory may be written into. */
    public boolean mayUseNonEmpty() {
      return this != FRESH;
    }
  }

  /** Default task budget: 512 MiB of live maps. */
  public static final long DEFAULT_MEMORY_PER_TASK = 512L << 20;

  /** Default scratch budget of one scan's materialised maps: 64 GiB. */
  public static final long DEFAULT_SCRATCH_BUDGET = 64L << 30;

  public RunPlan {
    scans = List.copyOf(scans);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(cuts, "cuts");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(format, "format");
    if (format == OutputFormat.ZARR && splitChannels) {
      throw new org.voxtile.VoxtileException("--split-channels splits NIfTI files; an OME-Zarr image keeps its"
          + " channels on its axis c: drop it, or give --output-format both");
    }
  }

  /** As the canonical constructor, with the pipeline's own {@code inference:} and NIfTI outputs. */
  public RunPlan(Path pipeline, Optional<Path> weights, List<Scan> scans, Location output, boolean batch,
      Optional<Extent> tile, long memoryPerTask, OutputMode mode, boolean splitChannels, boolean preview,
      Optional<Path> saveWeights, CutChoice cuts, long scratchBudget) {
    this(pipeline, weights, scans, output, batch, tile, memoryPerTask, mode, splitChannels, preview, saveWeights,
        cuts, scratchBudget, Inference.Overrides.NONE, OutputFormat.NIFTI);
  }

  /** As the canonical constructor, with the cost model's cuts and the default scratch budget. */
  public RunPlan(Path pipeline, Optional<Path> weights, List<Scan> scans, Location output, boolean batch,
      Optional<Extent> tile, long memoryPerTask, OutputMode mode, boolean splitChannels, boolean preview,
      Optional<Path> saveWeights) {
    this(pipeline, weights, scans, output, batch, tile, memoryPerTask, mode, splitChannels, preview,
        saveWeights, CutChoice.AUTO, DEFAULT_SCRATCH_BUDGET);
  }

  /** As the canonical constructor, with a local output directory. */
  public RunPlan(Path pipeline, Optional<Path> weights, List<Scan> scans, Path output, boolean batch,
      Optional<Extent> tile, long memoryPerTask, OutputMode mode, boolean splitChannels, boolean preview,
      Optional<Path> saveWeights) {
    this(pipeline, weights, scans, Location.of(output), batch, tile, memoryPerTask, mode, splitChannels,
        preview, saveWeights);
  }

  /** One scan into a local directory, default tiling, no options. */
  public static RunPlan single(Path pipeline, Scan scan, Path output) {
    return single(pipeline, scan, Location.of(output));
  }

  /** One scan, default tiling, no options. */
  public static RunPlan single(Path pipeline, Scan scan, Location output) {
    return new RunPlan(pipeline, Optional.empty(), List.of(scan), output, false, Optional.empty(),
        DEFAULT_MEMORY_PER_TASK, OutputMode.FRESH, false, false, Optional.empty());
  }

  public RunPlan withTile(Extent extent) {
    return new RunPlan(pipeline, weights, scans, output, batch, Optional.of(extent), memoryPerTask,
        mode, splitChannels, preview, saveWeights, cuts, scratchBudget, inference, format);
  }

  public RunPlan withMemoryPerTask(long bytes) {
    return new RunPlan(pipeline, weights, scans, output, batch, tile, bytes, mode, splitChannels, preview,
        saveWeights, cuts, scratchBudget, inference, format);
  }

  public RunPlan withMode(OutputMode value) {
    return new RunPlan(pipeline, weights, scans, output, batch, tile, memoryPerTask, value,
        splitChannels, preview, saveWeights, cuts, scratchBudget, inference, format);
  }

  /** Every cut forced to {@code value}, or the cost model's choice ({@link CutChoice#AUTO}). */
  public RunPlan withCuts(CutChoice value) {
    return new RunPlan(pipeline, weights, scans, output, batch, tile, memoryPerTask, mode,
        splitChannels, preview, saveWeights, value, scratchBudget, inference, format);
  }

  /** With the sliding-window flags {@code value}. */
  public RunPlan withInference(Inference.Overrides value) {
    return new RunPlan(pipeline, weights, scans, output, batch, tile, memoryPerTask, mode, splitChannels, preview,
        saveWeights, cuts, scratchBudget, value, format);
  }

  public RunPlan withFormat(OutputFormat value) {
    return new RunPlan(pipeline, weights, scans, output, batch, tile, memoryPerTask, mode, splitChannels, preview,
        saveWeights, cuts, scratchBudget, inference, value);
  }

  /** Where one scan's outputs go. */
  public Location scanDirectory(Scan scan) {
    return batch ? output.resolve(scan.id()) : output;
  }
}
