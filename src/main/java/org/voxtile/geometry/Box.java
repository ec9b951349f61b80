package org.voxtile.geometry;

import static org.voxtile.Checks.checkArgument;

/**
 * A half-open box of voxels, {@code {p | min <= p < max}} per axis, in a global voxel grid.
 * Empty when any side has length 0. Every box in voxtile is half-open; nothing mixes in closed
 * intervals.
 *
 * <pre>{@code
 * Box tile = Box.of(Index3.of(32, 0, 0), Extent.of(32, 32, 32));
 * Box needed = tile.expand(Halo.uniform(2)).intersect(volume.box());
 * }</pre>
 */
public record Box(Index3 min, Index3 max) implements java.io.Serializable {
  public Box {
    checkArgument(min != null && max != null, "box corners must not be null");
    checkArgument(min.allLessOrEqual(max), "box min %s > max %s", min, max);
  }

  /** The box of {@code extent} voxels starting at the origin. */
  public static Box of(Extent extent) {
    return new Box(Index3.ORIGIN, extent.asIndex());
  }

  /** The box of {@code extent} voxels starting at {@code min}. */
  public static Box of(Index3 min, Extent extent) {
    return new Box(min, min.plus(extent));
  }

  /** Box from corner coordinates: [x0, x1) x [y0, y1) x [z0, z1). */
  public static Box of(long x0, long y0, long z0, long x1, long y1, long z1) {
    return new Box(new Index3(x0, y0, z0), new Index3(x1, y1, z1));
  }

  public long min(int d) {
    return min.get(d);
  }

  public long max(int d) {
    return max.get(d);
  }

  public Extent extent() {
    return new Extent(
        Math.subtractExact(max.x(), min.x()),
        Math.subtractExact(max.y(), min.y()),
        Math.subtractExact(max.z(), min.z()));
  }

  /** Number of voxels. @throws ArithmeticException when it does not fit in a long */
  public long voxelCount() {
    return extent().voxelCount();
  }

  public boolean isEmpty() {
    return extent().isEmpty();
  }

  public boolean contains(Index3 p) {
    return min.allLessOrEqual(p)
        && p.x() < max.x() && p.y() < max.y() && p.z() < max.z();
  }

  /** True when every voxel of {@code other} lies in this box; an empty box lies in every box. */
  public boolean contains(Box other) {
    return other.isEmpty() || (min.allLessOrEqual(other.min) && other.max.allLessOrEqual(max));
  }

  /**
   * The voxels in both boxes. Disjoint boxes give an empty box (placed at the clamped corner, so
   * that it is still a valid box).
   */
  public Box intersect(Box other) {
    Index3 low = min.max(other.min);
    Index3 high = max.min(other.max);
    return new Box(low, low.max(high));
  }

  public boolean intersects(Box other) {
    return !intersect(other).isEmpty();
  }

  /** The smallest box containing both (the hull; union of boxes is not a box in general). */
  public Box hull(Box other) {
    if (isEmpty()) {
      return other;
    }
    if (other.isEmpty()) {
      return this;
    }
    return new Box(min.min(other.min), max.max(other.max));
  }

  public Box translate(Index3 offset) {
    return new Box(min.plus(offset), max.plus(offset));
  }

  /** Widened by {@code halo}: lower side below min, upper side above max. */
  public Box expand(Halo halo) {
    return new Box(min.minus(halo.lower().asIndex()), max.plus(halo.upper()));
  }

  /** The boxes of a grid of {@code tile}-sized cells covering this box (edge cells clipped). */
  public BoxGrid grid(Extent tile) {
    return new BoxGrid(this, tile);
  }

  @Override
  public String toString() {
    return "[" + min.x() + ", " + max.x() + ") x [" + min.y() + ", " + max.y() + ") x ["
        + min.z() + ", " + max.z() + ")";
  }
}
