package org.voxtile.tiling;

import static org.voxtile.Checks.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;

/**
 * What a staged plan would take on a cluster: tasks, waves of tasks, bytes and seconds per stage,
 * from throughputs per core measured on the development machine (below; docs/scale.md compares
 * the model with real runs). A plan's tasks are alike in
 * size, so a stage lasts its waves times one task; the driver then stitches the NIfTI outputs
 * alone, which no number of executors shortens.
 *
 * <pre>{@code
 * CapacityModel.Prediction p = CapacityModel.predict(staged, new Cluster(100, 8, 32L << 30), 512L << 20,
 *     outputBytes);
 * }</pre>
 */
public final class CapacityModel {
  /*
   * The rates come from one run: conf/bench-reference.yaml on 1024^3 x 2 on the standalone
   * cluster of this machine (`jobs/bench.sh cluster 1024 1`, 2026-12-07 09:15, quiet machine;
   * docs/benchmarks.md): 320 tasks, 11.47 T MACs of tiles in 408.0 core-seconds of compute, 9.2 GiB
   * of input boxes in 39.4 s of reads, 65.5 s of stitching 4 GiB after the last task.
   */
  /** Multiply-accumulates per core-second inside a task (11.47 T MACs / 408.0 s). */
  public static final double MACS_PER_CORE_SECOND = 2.8e10;
  /** Input bytes a task reads per second from an uncompressed NIfTI (9.2 GiB / 39.4 s). */
  public static final double INPUT_BYTES_PER_SECOND = 2.5e8;
  /**
   * Scratch bytes (materialised maps, output tiles for the stitch) a task writes or reads per
   * second: 4 GiB of output tiles in 8.4 s of the local-mode 1024^3 run.
   */
  public static final double SCRATCH_BYTES_PER_SECOND = 5.0e8;
  /** Seconds a task costs beyond its work: scheduling, deserialising, opening files. */
  public static final double TASK_SECONDS = 0.05;
  /** Output bytes per second the driver stitches into a {@code .nii.gz} after the last task (4 GiB / 65.5 s). */
  public static final double STITCH_BYTES_PER_SECOND = 6.5e7;
  /**
   * Output bytes a task deflates per second into its OME-Zarr chunks (zlib level 1): the level-1
   * deflate of float32 data measured by {@code GzipBench} (docs/benchmarks.md, "Parallel deflate").
   */
  public static final double CHUNK_BYTES_PER_SECOND = 4.0e7;
  /** JVM and Spark memory of an executor besides its tasks' (README, Spark deployment). */
  public static final long EXECUTOR_OVERHEAD_BYTES = 300L << 20;

  private CapacityModel() {}

  /**
   * Executors alike: {@code executors} JVMs of {@code cores} cores and {@code memory} bytes of heap.
   */
  public record Cluster(int executors, int cores, long memory) {
    public Cluster {
      checkArgument(executors >= 1 && cores >= 1 && memory > 0, "cluster must be positive: %s x %s, %s",
          executors, cores, memory);
    }
  }

  /**
   * @param tasks tasks of all passes; {@code waves} rounds of tasks at {@code slots} at once
   * @param taskSeconds one task's predicted seconds; {@code seconds} the stage's wall time
   */
  public record StagePrediction(int index, String statisticsOf, long tasks, long waves, double taskSeconds,
      long inputBytes, long scratchBytes, double seconds) {}

  /**
   * @param tasksPerExecutor tasks an executor runs at once: its cores, or fewer when its memory
   *     holds fewer tasks of twice {@code --memory-per-task} (maps plus the arrays being filled)
   * @param outputBytes bytes of the outputs as written (before compression)
   * @param stitchSeconds the driver's stitching after the last task
   */
  public record Prediction(Cluster cluster, int tasksPerExecutor, long slots, List<StagePrediction> stages,
      long inputBytes, long scratchBytes, long outputBytes, double stitchSeconds, double seconds) {
    public Prediction {
      stages = List.copyOf(stages);
    }

    public long tasks() {
      return stages.stream().mapToLong(StagePrediction::tasks).sum();
    }
  }

  /** Tasks the whole cluster runs at once. */
  public static long slots(Cluster cluster, long memoryPerTask) {
    return (long) tasksPerExecutor(cluster, memoryPerTask) * cluster.executors();
  }

  /**
   * An executor's cores, or fewer when its memory holds fewer tasks of twice {@code memoryPerTask}.
   *
   * @throws VoxtileException when it holds none
   */
  static int tasksPerExecutor(Cluster cluster, long memoryPerTask) {
    long fit = (cluster.memory() - EXECUTOR_OVERHEAD_BYTES) / (2 * memoryPerTask);
    if (fit < 1) {
      throw new VoxtileException("--cluster: an executor of " + org.voxtile.ByteSize.format(cluster.memory())
          + " holds no task of --memory-per-task " + org.voxtile.ByteSize.format(memoryPerTask)
          + ": each needs twice that, plus " + org.voxtile.ByteSize.format(EXECUTOR_OVERHEAD_BYTES) + " per executor");
    }
    return (int) Math.min(cluster.cores(), fit);
  }

  /**
   * @param memoryPerTask the live maps one task may hold ({@code --memory-per-task})
   * @param outputBytes bytes of every output volume as written, summed
   * @throws VoxtileException when an executor's memory does not hold one task
   */
  public static Prediction predict(StagedPlan plan, Cluster cluster, long memoryPerTask, long outputBytes) {
    return predict(plan, cluster, memoryPerTask, outputBytes, true, false);
  }

  /**
   * As {@link #predict(StagedPlan, Cluster, long, long)}, for outputs written as NIfTI (tiles to
   * scratch, stitched by the driver after the last task), as OME-Zarr (each task deflates its own
   * chunks; no stitch), or both.
   */
  public static Prediction predict(StagedPlan plan, Cluster cluster, long memoryPerTask, long outputBytes,
      boolean nifti, boolean zarr) {
    int tasksPerExecutor = tasksPerExecutor(cluster, memoryPerTask);
    long slots = (long) tasksPerExecutor * cluster.executors();
    NodeShape source = plan.shapes().get(Network.SOURCE);
    List<StagePrediction> stages = new ArrayList<>();
    long input = 0;
    long scratch = 0;
    double seconds = 0;
    for (Stage stage : plan.stages()) {
      long tasks = (long) stage.passes() * stage.tiles().tiles().size();
      long read = stage.passes() * source.bytes(stage.tiles().computedPerNode().getOrDefault(Network.SOURCE, 0L));
      // the final stage writes its output tiles to scratch for the driver to stitch, or its chunks
      long stageScratch = stage.bytesWritten() + stage.bytesRead() + (stage.isFinal() && nifti ? outputBytes : 0);
      double chunks = stage.isFinal() && zarr ? outputBytes / CHUNK_BYTES_PER_SECOND : 0;
      double work = stage.macs() / MACS_PER_CORE_SECOND + read / INPUT_BYTES_PER_SECOND
          + stageScratch / SCRATCH_BYTES_PER_SECOND + chunks;
      double taskSeconds = work / tasks + TASK_SECONDS;
      long waves = (tasks + slots - 1) / slots;
      double stageSeconds = waves * taskSeconds;
      stages.add(new StagePrediction(stage.index(), stage.global().orElse(""), tasks, waves, taskSeconds, read,
          stageScratch, stageSeconds));
      input += read;
      scratch += stageScratch;
      seconds += stageSeconds;
    }
    double stitch = nifti ? outputBytes / STITCH_BYTES_PER_SECOND : 0;
    return new Prediction(cluster, tasksPerExecutor, slots, stages, input, scratch, outputBytes, stitch,
        seconds + stitch);
  }
}
