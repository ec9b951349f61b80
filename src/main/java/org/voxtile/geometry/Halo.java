package org.voxtile.geometry;

import static org.voxtile.Checks.checkArgument;

/**
 * Extra voxels around a box, per side: {@code lower} is added below min, {@code upper} above max.
 * Components are non-negative; a halo only ever widens a box.
 */
public record Halo(Extent lower, Extent upper) implements java.io.Serializable {
  public static final Halo NONE = new Halo(Extent.cube(0), Extent.cube(0));

  public Halo {
    checkArgument(lower != null && upper != null, "halo sides must not be null");
  }

  /** {@code n} voxels on every side. */
  public static Halo uniform(long n) {
    return new Halo(Extent.cube(n), Extent.cube(n));
  }

  /** The same halo below and above, per axis. */
  public static Halo symmetric(Extent perSide) {
    return new Halo(perSide, perSide);
  }

  /** The halo that {@code inner} needs to become {@code outer}; outer must contain inner. */
  public static Halo between(Box inner, Box outer) {
    checkArgument(outer.contains(inner), "%s does not contain %s", outer, inner);
    Index3 low = inner.min().minus(outer.min());
    Index3 high = outer.max().minus(inner.max());
    return new Halo(
        new Extent(low.x(), low.y(), low.z()), new Extent(high.x(), high.y(), high.z()));
  }

  public boolean isNone() {
    return equals(NONE);
  }

  @Override
  public String toString() {
    return "halo[-" + lower + ", +" + upper + "]";
  }
}
