package org.voxtile.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.voxtile.VoxtileException;

/**
 * Splits [0, n) into contiguous ranges run by {@code threads} threads (the caller runs one). Used
 * by ops to split output rows; each range's work is independent, so the result does not depend on
 * the thread count.
 */
final class Parallel {
  /** Work over a half-open range of indices. */
  interface RangeTask {
    void run(int from, int to);
  }

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "voxtile-ops");
    t.setDaemon(true);
    return t;
  });

  private Parallel() {}

  static void forRange(int threads, int n, RangeTask task) {
    int parts = Math.max(1, Math.min(threads, n));
    if (parts == 1) {
      task.run(0, n);
      return;
    }
    List<Future<?>> futures = new ArrayList<>();
    for (int p = 1; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      futures.add(POOL.submit(() -> task.run(from, to)));
    }
    task.run(0, (int) ((long) n / parts));
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VoxtileException("interrupted while computing", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new VoxtileException("op computation failed", e.getCause());
      }
    }
  }
}
