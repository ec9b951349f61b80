package org.voxtile.network.pipeline;

/**
 * An integer argument per spatial axis in voxtile's (x, y, z) order, e.g. a kernel size or a
 * stride, as a pipeline's {@code kernel_size: 3} or {@code kernel_size: [3, 3, 1]} gives it.
 */
public record Triple(int x, int y, int z) {
  /** The same value on all three axes. */
  public static Triple of(int all) {
    return new Triple(all, all, all);
  }

  /** x * y * z, overflow-checked. */
  public long product() {
    return Math.multiplyExact(Math.multiplyExact((long) x, y), z);
  }

  /** {@code [x, y, z]}. */
  public int[] toArray() {
    return new int[] {x, y, z};
  }

  @Override
  public String toString() {
    return "(" + x + ", " + y + ", " + z + ")";
  }
}
