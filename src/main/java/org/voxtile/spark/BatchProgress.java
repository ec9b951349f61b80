package org.voxtile.spark;

import java.io.PrintStream;
import org.voxtile.storage.Location;

/**
 * One line per finished, skipped or failed scan. For a batch each line also counts the scans
 * done, failed and left and estimates the time left at the pace of the scans this run computed
 * (scans overlap, so the pace is wall time per computed scan, not a sum of scan times).
 *
 * <pre>{@code
 * voxtile: scan 'sub-02' done (2/10): 12 tiles in 41.3 s -> out/sub-02; 2 done, 0 failed, 8 left, about 5 min 20 s left
 * }</pre>
 */
final class BatchProgress {
  private final PrintStream out;
  private final int total;
  private final boolean batch;
  private final long start = System.nanoTime();
  private int computed;
  private long computedNanos;

  BatchProgress(PrintStream out, int total, boolean batch) {
    this.out = out;
    this.total = total;
    this.batch = batch;
  }

  /** Scan {@code i} (0-based) was finished by an earlier run and is skipped. */
  void skipped(int i, String id, Location dir) {
    out.printf("voxtile: scan '%s' already done (%d/%d), skipped (--resume) -> %s%n", id, i + 1, total, dir);
  }

  /** Scan {@code i} is done. */
  void done(int i, String id, int tiles, double seconds, Location dir) {
    computed++;
    computedNanos = System.nanoTime() - start;
    out.printf("voxtile: scan '%s' done (%d/%d): %d tiles in %.1f s -> %s%s%n", id, i + 1, total, tiles, seconds, dir,
        tally(i + 1, 0));
  }

  /** Scan {@code i} of a batch failed; the run stops. */
  void failed(int i, String id) {
    if (batch) {
      out.printf("voxtile: scan '%s' failed (%d/%d)%s; --resume runs the rest after a fix%n", id, i + 1, total,
          tally(i, 1));
    }
  }

  private String tally(int done, int failed) {
    if (!batch) {
      return "";
    }
    int left = total - done - failed;
    String estimate = left > 0 && failed == 0 && computed > 0
        ? ", about " + duration(computedNanos / 1e9 / computed * left) + " left" : "";
    return String.format("; %d done, %d failed, %d left%s", done, failed, left, estimate);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : s < 3600 ? String.format("%d min %02d s", s / 60, s % 60)
        : String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
  }
}
