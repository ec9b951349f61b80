package org.voxtile.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The JVM's heap high-water mark, measured, not predicted: the sum over heap memory pools (eden,
 * survivor, old generation) of each pool's peak usage since the last {@link #reset()}. Pools peak
 * at different moments, so the sum is an upper bound of the heap ever in use at once; it counts
 * garbage not yet collected too, so it depends on the heap size the JVM was given ({@code -Xmx})
 * as much as on the live data. The sum is per JVM: in local mode the driver and the executor
 * tasks share one JVM and report the same figure.
 */
final class HeapPeak {
  private HeapPeak() {}

  /** Starts a new high-water mark: every heap pool's peak becomes its current usage. */
  static void reset() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Bytes: the sum of the heap pools' peak usage since the last reset (or the JVM's start). */
  static long bytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The most heap this JVM may use ({@code -Xmx}). */
  static long maxBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
