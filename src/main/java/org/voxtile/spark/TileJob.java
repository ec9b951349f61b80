package org.voxtile.spark;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.voxtile.VoxtileException;
import org.voxtile.spark.stitch.TileArrivals;
import org.voxtile.spark.stitch.TileScratch;
import org.voxtile.storage.Location;

/**
 * A scan's tasks as one Spark job running beside the driver's stitching: the driver writes the
 * output's first z-slabs as soon as their tiles are written instead of waiting for the last task,
 * so on a cluster the driver's deflating overlaps the executors' computing (at 1024^3 stitching
 * was a fifth of the job when it came after the tasks). Tiles are in x, y, z order and Spark
 * starts partitions in order, so slabs complete roughly in the order they are written.
 *
 * <p>A staged plan's statistics stages run first, in the same thread and job group
 * ({@code prepare}), so the driver is free to stitch the scan before while they run, and a
 * batch's next scan computes its statistics beside this scan's last tiles.
 *
 * <p>The job runs in a job group of its own: {@link #cancel} stops it (a failed stitch must not
 * leave tasks writing into a scratch directory that is being deleted).
 */
final class TileJob implements TileArrivals {
  private static final long MAX_POLL_MS = 200;

  private final JavaSparkContext spark;
  private final String scanId;
  private final String group;
  private final CompletableFuture<TileResult> result = new CompletableFuture<>();
  private volatile long doneAt;
  private long waitedNanos;

  private TileJob(JavaSparkContext spark, String scanId) {
    this.spark = spark;
    this.scanId = scanId;
    this.group = "voxtile-" + scanId + "-" + UUID.randomUUID();
  }

  /**
   * From a thread of its own, runs {@code prepare} (the statistics stages, if any) and submits
   * one task per tile (or window) of the task it returns; returns at once.
   */
  static TileJob start(JavaSparkContext spark, String scanId, String description, List<TileWork> tiles,
      Supplier<? extends Function<TileWork, TileResult>> prepare) {
    TileJob job = new TileJob(spark, scanId);
    Thread thread = new Thread(() -> {
      try {
        // job groups are thread-local properties: set here, in the submitting thread
        spark.setJobGroup(job.group, description, true);
        Function<TileWork, TileResult> task = prepare.get();
        spark.setJobDescription(description);
        TileResult merged = spark.parallelize(tiles, tiles.size()).map(task).reduce(TileResult::merge);
        job.doneAt = System.nanoTime();
        job.result.complete(merged);
      } catch (Throwable t) { // SparkException is checked in Java's eyes, thrown without a declaration
        job.doneAt = System.nanoTime();
        job.result.completeExceptionally(t);
      }
    }, "voxtile-tasks-" + scanId);
    thread.setDaemon(true);
    thread.start();
    return job;
  }

  @Override
  public void await(Location scratch, String node, int index) {
    Location file = TileScratch.file(scratch, node, index);
    long start = System.nanoTime();
    try {
      waitFor(file, index);
    } finally {
      waitedNanos += System.nanoTime() - start;
    }
  }

  private void waitFor(Location file, int index) {
    long pause = 5;
    while (!file.exists()) {
      if (result.isDone()) {
        result(); // throws the job's failure; after a success the read names the missing file
        return;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for tile " + index + " of scan '" + scanId + "'", e);
      }
      pause = Math.min(MAX_POLL_MS, pause * 2);
    }
  }

  /** Waits for the job; its tiles' merged results, or its failure as one line a user can act on. */
  TileResult result() {
    try {
      return result.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof VoxtileException driverSide) { // a statistic bound on the driver: already says it all
        throw driverSide;
      }
      throw TaskFailure.explain(scanId, cause instanceof Exception ex ? ex : e);
    }
  }

  /** When the job ended ({@link System#nanoTime()}); valid once {@link #result} has returned. */
  long doneAt() {
    return doneAt;
  }

  /** Time the stitcher spent waiting for tiles. */
  long waitedNanos() {
    return waitedNanos;
  }

  /** Cancels the job's remaining tasks and waits until it has ended. */
  void cancel() {
    if (!result.isDone()) { // a job that failed by itself has nothing left to cancel
      spark.cancelJobGroup(group);
    }
    try {
      result.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      // expected: the job ends failed or cancelled
    }
  }
}
