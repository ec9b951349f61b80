package org.voxtile.spark;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.spark.SparkEnv;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GlobalOp;
import org.voxtile.tiling.WarmUp;

/**
 * Compiles a network's kernels in an executor JVM before its first real tile, as the driver does
 * for local mode (cli {@code LocalWarmUp}): once per JVM and network, on a small noise tile
 * ({@link WarmUp}). An executor JVM starts cold, and until the JIT has compiled the Vector API
 * kernels its first tile runs them interpreted, tens of times slower. Tasks of the same network
 * that arrive meanwhile wait for the warm-up rather than run cold. Skipped in local mode (the
 * driver warmed that JVM while Spark started), for plans whose tiles read stage maps, and with
 * {@code -Dvoxtile.warmUp=false} on the executors ({@code spark.executor.extraJavaOptions}).
 * Best effort: a failure only means no warm-up; the task itself checks everything.
 */
final class ExecutorWarmUp {
  /** Output side of the warm-up tile, as in local mode. */
  static final long SIDE = 48;

  private static final Map<String, Long> DONE = new ConcurrentHashMap<>();

  private ExecutorWarmUp() {}

  /** Warms {@code network} in this JVM unless done already; returns the nanoseconds this call spent. */
  static long once(Network network, Map<String, NodeShape> shapes, Set<String> leaves) {
    if (!Boolean.parseBoolean(System.getProperty("voxtile.warmUp", "true")) || inDriver() || !leaves.isEmpty()
        || network.nodes().stream().anyMatch(n -> n.op() instanceof GlobalOp)) {
      return 0; // a global node would make the warm-up a whole staged run of the scan
    }
    long start = System.nanoTime();
    DONE.computeIfAbsent(key(network), k -> warm(network, shapes));
    return System.nanoTime() - start;
  }

  private static long warm(Network network, Map<String, NodeShape> shapes) {
    long start = System.nanoTime();
    try {
      WarmUp.run(network, shapes, shapes.get(Network.SOURCE).extent(), SIDE, 2);
    } catch (RuntimeException | OutOfMemoryError e) {
      // a network the small tile does not suit: its tiles just start cold
    }
    long nanos = System.nanoTime() - start;
    System.err.printf("voxtile: warm-up of the network's kernels took %.2f s%n", nanos / 1e9);
    return nanos;
  }

  /** The ops in order: equal for the same network broadcast again (one broadcast per scan of a batch). */
  private static String key(Network network) {
    return network.nodes().stream().map(n -> n.name() + "=" + n.op()).collect(Collectors.joining(";"));
  }

  private static boolean inDriver() {
    SparkEnv env = SparkEnv.get();
    return env == null || "driver".equals(env.executorId());
  }
}
