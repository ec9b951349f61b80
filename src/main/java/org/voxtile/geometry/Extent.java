package org.voxtile.geometry;

import static org.voxtile.Checks.checkArgument;

/**
 * A size in voxels along (x, y, z), each &gt;= 0. Kept apart from {@link Index3} so that a size
 * cannot be passed for a position.
 */
public record Extent(long x, long y, long z) implements java.io.Serializable {
  public Extent {
    checkArgument(x >= 0 && y >= 0 && z >= 0, "extent must be non-negative: (%s, %s, %s)", x, y, z);
  }

  public static Extent of(long x, long y, long z) {
    return new Extent(x, y, z);
  }

  /** The same size along all three axes. */
  public static Extent cube(long n) {
    return new Extent(n, n, n);
  }

  /** Parses "X,Y,Z" (or "XxYxZ"); a single number means all three axes. */
  public static Extent parse(String text) {
    String[] parts = text.trim().split("\\s*[,x]\\s*");
    try {
      if (parts.length == 1) {
        return cube(Long.parseLong(parts[0]));
      }
      checkArgument(parts.length == 3, "expected X,Y,Z: '%s'", text);
      return new Extent(
          Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected X,Y,Z of whole numbers: '" + text + "'", e);
    }
  }

  /** The size along axis {@code d} (0 = x, 1 = y, 2 = z). */
  public long get(int d) {
    return switch (d) {
      case 0 -> x;
      case 1 -> y;
      case 2 -> z;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + d);
    };
  }

  /** x * y * z. @throws ArithmeticException on overflow of a long */
  public long voxelCount() {
    return Math.multiplyExact(Math.multiplyExact(x, y), z);
  }

  public boolean isEmpty() {
    return x == 0 || y == 0 || z == 0;
  }

  public Extent min(Extent other) {
    return new Extent(Math.min(x, other.x), Math.min(y, other.y), Math.min(z, other.z));
  }

  public Index3 asIndex() {
    return new Index3(x, y, z);
  }

  @Override
  public String toString() {
    return x + "x" + y + "x" + z;
  }
}
