package org.voxtile.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.Function;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.spark.stitch.ChunkedScratch;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.storage.Location;
import org.voxtile.zarr.VolumeInputs;
import org.voxtile.tiling.StageTask;
import org.voxtile.tiling.Tile;

/**
 * One Spark task of one pass of a statistics stage: opens the scan's files, computes the tile up
 * to the global node's inputs with {@link StageTask#reduce} (on pass 0 writing the maps the stage
 * materialises to the scan's {@link ChunkedScratch}) and returns the tile's exact partial
 * reduction with the task's numbers. Deterministic, so a retried attempt returns the same
 * partial and rewrites the same chunks.
 */
final class StatisticsTask implements Function<Tile, StatisticsTask.Result> {
  private static final long serialVersionUID = 1L;

  /** A tile's partial and numbers; results merge exactly in any order (Spark's reduce). */
  record Result(Partial partial, TileResult numbers) implements Serializable {
    private static final long serialVersionUID = 1L;

    Result merge(Result o) {
      return new Result(partial.merge(o.partial), numbers.merge(o.numbers));
    }
  }

  private final StageTask task;
  private final LinkedHashMap<String, Location> inputs;
  private final ChunkedScratch scratch;
  private final int pass;
  private final Statistics earlier;

  /** @param earlier the merged statistics of the stage's passes before {@code pass} */
  StatisticsTask(StageTask task, Map<String, Location> inputs, ChunkedScratch scratch, int pass,
      Statistics earlier) {
    this.task = task;
    this.inputs = new LinkedHashMap<>(); // absolute: executors run in their own work dirs
    inputs.forEach((name, at) -> this.inputs.put(name, at.absolute()));
    this.scratch = scratch;
    this.pass = pass;
    this.earlier = earlier;
  }

  @Override
  public Result call(Tile tile) {
    try (MultiChannelSource scan = VolumeInputs.open(inputs)) {
      TimedSource source = new TimedSource(scan);
      long writtenBefore = scratch.bytesWritten();
      long readBefore = scratch.bytesRead();
      long start = System.nanoTime();
      Partial partial = task.reduce(tile, pass, earlier, source, scratch);
      long computeNanos = System.nanoTime() - start - source.nanos();
      InjectedFault.afterTileWritten(tile.index());
      long bytesRead = scan.readers().stream().mapToLong(r -> r.bytesRead()).sum();
      return new Result(partial, new TileResult(1, bytesRead, scratch.bytesWritten() - writtenBefore,
          scratch.bytesRead() - readBefore, source.nanos(), computeNanos, 0, null, task.lastPeakBytes(),
          HeapPeak.bytes()));
    }
  }
}
