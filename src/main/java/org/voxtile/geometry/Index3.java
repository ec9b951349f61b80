package org.voxtile.geometry;

/**
 * A voxel position (x, y, z) = NIfTI (i, j, k) in a global voxel grid. May be negative: a halo or a
 * padded region reaches outside the volume. 64-bit, because a volume can exceed 2^31 voxels.
 */
public record Index3(long x, long y, long z) implements java.io.Serializable {
  public static final Index3 ORIGIN = new Index3(0, 0, 0);

  public static Index3 of(long x, long y, long z) {
    return new Index3(x, y, z);
  }

  /** The coordinate along axis {@code d} (0 = x, 1 = y, 2 = z). */
  public long get(int d) {
    return switch (d) {
      case 0 -> x;
      case 1 -> y;
      case 2 -> z;
      default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + d);
    };
  }

  public Index3 plus(Index3 offset) {
    return new Index3(
        Math.addExact(x, offset.x), Math.addExact(y, offset.y), Math.addExact(z, offset.z));
  }

  public Index3 plus(Extent extent) {
    return new Index3(
        Math.addExact(x, extent.x()), Math.addExact(y, extent.y()), Math.addExact(z, extent.z()));
  }

  public Index3 minus(Index3 other) {
    return new Index3(
        Math.subtractExact(x, other.x), Math.subtractExact(y, other.y), Math.subtractExact(z, other.z));
  }

  public Index3 negate() {
    return new Index3(Math.negateExact(x), Math.negateExact(y), Math.negateExact(z));
  }

  public Index3 min(Index3 other) {
    return new Index3(Math.min(x, other.x), Math.min(y, other.y), Math.min(z, other.z));
  }

  public Index3 max(Index3 other) {
    return new Index3(Math.max(x, other.x), Math.max(y, other.y), Math.max(z, other.z));
  }

  /** True when every coordinate is &lt;= the other's. */
  public boolean allLessOrEqual(Index3 other) {
    return x <= other.x && y <= other.y && z <= other.z;
  }

  @Override
  public String toString() {
    return "(" + x + ", " + y + ", " + z + ")";
  }
}
