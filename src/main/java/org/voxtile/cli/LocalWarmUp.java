package org.voxtile.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.tiling.WarmUp;

/**
 * In Spark's local mode the tasks run in the driver's JVM, so the kernels can be compiled while
 * Spark starts (about 1.5 s in which one core is mostly idle) instead of inside the first tiles
 * (see {@link WarmUp}). Best effort: a daemon thread, once per JVM, and any failure only means
 * no warm-up; the job itself checks everything.
 */
final class LocalWarmUp {
  /** Input side of the synthetic tile: large enough that rows reach the kernels' vector loops. */
  static final long SIDE = 48;

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private LocalWarmUp() {}

  /**
   * Starts the warm-up of {@code pipeline}'s network (one channel per input) unless one ran or
   * {@code -Dvoxtile.warmUp=false} turns it off (to measure without it).
   */
  static Optional<Thread> start(Path pipeline, Optional<Path> weights, List<String> inputNames) {
    if (!Boolean.parseBoolean(System.getProperty("voxtile.warmUp", "true")) || !STARTED.compareAndSet(false, true)) {
      return Optional.empty();
    }
    Thread thread = new Thread(() -> run(pipeline, weights, inputNames), "voxtile-warm-up");
    thread.setDaemon(true);
    thread.start();
    return Optional.of(thread);
  }

  private static void run(Path pipeline, Optional<Path> weightsFile, List<String> inputNames) {
    try {
      Pipeline.Loaded loaded = Pipeline.open(pipeline, weightsFile, inputNames);
      Map<String, Integer> channels = new LinkedHashMap<>();
      loaded.spec().inputs().forEach(input -> channels.put(input, 1));
      // 48 suits most networks; 49 = 4 * 12 + 1 those whose strided levels need odd extents
      for (Extent extent : List.of(Extent.cube(SIDE), Extent.cube(SIDE + 1))) {
        NetworkBuilder.Built built;
        try {
          built = loaded.build(channels, extent);
        } catch (RuntimeException e) {
          continue; // this extent does not fit the network: try the next
        }
        WarmUp.run(built.network(), built.shapes(), extent, SIDE, 2);
        return;
      }
    } catch (RuntimeException | OutOfMemoryError e) {
      // e.g. weights made for inputs of several channels, or a network that needs a larger
      // volume: the real job reports such problems; the warm-up just does not happen
    }
  }
}
