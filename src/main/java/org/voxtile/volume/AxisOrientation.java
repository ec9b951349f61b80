package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;

/**
 * Which world axis each voxel axis runs along, and in which direction: nibabel's "ornt" array
 * ({@code nibabel.orientations}), row {@code i} = ({@code world[i]}, {@code sign[i]}), world
 * axis 0, 1, 2 = x (L to R), y (P to A), z (I to S). {@link #of(Affine)} is
 * {@code io_orientation}, {@link #parse(String)} is {@code axcodes2ornt}, and
 * {@link #transformTo(AxisOrientation)} is {@code ornt_transform}, whose result
 * {@code apply_orientation} and {@code inv_ornt_aff} apply (the {@code reorient} op).
 *
 * <pre>{@code
 * AxisOrientation las = AxisOrientation.of(affine);           // e.g. LAS for a radiological file
 * AxisOrientation step = las.transformTo(AxisOrientation.parse("RAS"));   // flip x, keep y and z
 * }</pre>
 */
public record AxisOrientation(int[] world, int[] sign) {
  private static final String[] LABELS = {"LR", "PA", "IS"};

  public AxisOrientation {
    checkArgument(world.length == 3 && sign.length == 3, "an orientation has 3 axes");
    boolean[] seen = new boolean[3];
    for (int i = 0; i < 3; i++) {
      checkArgument(world[i] >= 0 && world[i] < 3 && !seen[world[i]], "not a permutation: %s",
          Arrays.toString(world));
      checkArgument(sign[i] == 1 || sign[i] == -1, "sign must be 1 or -1: %s", Arrays.toString(sign));
      seen[world[i]] = true;
    }
    world = world.clone();
    sign = sign.clone();
  }

  /**
   * Axis codes such as {@code RAS} or {@code LPS} (each letter the direction its voxel axis
   * increases towards), as nibabel's {@code axcodes2ornt} reads them.
   *
   * @throws IllegalArgumentException naming the code when it is not 3 letters of L/R, P/A, I/S
   *     with each pair used once (e.g. {@code RRA})
   */
  public static AxisOrientation parse(String code) {
    String upper = code.toUpperCase(java.util.Locale.ROOT);
    checkArgument(upper.length() == 3, "'%s' is not an orientation code: 3 letters of L/R, P/A, I/S,"
        + " such as RAS or LPS", code);
    int[] world = new int[3];
    int[] sign = new int[3];
    for (int i = 0; i < 3; i++) {
      world[i] = -1;
      for (int w = 0; w < 3; w++) {
        int at = LABELS[w].indexOf(upper.charAt(i));
        if (at >= 0) {
          world[i] = w;
          sign[i] = at == 0 ? -1 : 1;
        }
      }
      checkArgument(world[i] >= 0, "'%s' is not an orientation code: '%s' is none of L, R, P, A, I, S", code,
          code.charAt(i));
    }
    checkArgument(world[0] != world[1] && world[1] != world[2] && world[0] != world[2],
        "'%s' is not an orientation code: it names one world axis twice (each of L/R, P/A, I/S once)", code);
    return new AxisOrientation(world, sign);
  }

  /**
   * The orientation of the voxel axes of {@code affine}, as {@code nibabel.io_orientation}: the
   * closest orthogonal matrix to the column-normalised 3x3 part ({@link PolarFactor}, which
   * nibabel takes from an SVD), then, voxel axis by voxel axis in order, the world axis of its
   * largest entry, that world axis then taken out.
   *
   * @throws IllegalArgumentException when the affine is singular or not finite
   */
  public static AxisOrientation of(Affine affine) {
    double[][] r = new double[3][3];
    double[] sizes = affine.voxelSizes();
    for (int row = 0; row < 3; row++) {
      for (int col = 0; col < 3; col++) {
        r[row][col] = affine.get(row, col) / (sizes[col] == 0 ? 1 : sizes[col]);
      }
    }
    checkArgument(affine.isFinite() && PolarFactor.determinant(r) != 0, "affine is singular or not finite: %s",
        affine);
    double[][] q = PolarFactor.of(r);
    int[] world = new int[3];
    int[] sign = new int[3];
    for (int col = 0; col < 3; col++) {
      int best = 0;
      for (int row = 1; row < 3; row++) {
        if (Math.abs(q[row][col]) > Math.abs(q[best][col])) {
          best = row;
        }
      }
      world[col] = best;
      sign[col] = q[best][col] < 0 ? -1 : 1;
      for (int c = 0; c < 3; c++) {
        q[best][c] = 0;
      }
    }
    return new AxisOrientation(world, sign);
  }

  /**
   * The step from this orientation to {@code target}, as {@code ornt_transform(self, target)}:
   * row {@code i} says to which axis of the result voxel axis {@code i} of this grid goes, and
   * whether it is flipped (-1) on the way.
   */
  public AxisOrientation transformTo(AxisOrientation target) {
    int[] to = new int[3];
    int[] flip = new int[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        if (target.world[j] == world[i]) {
          to[i] = j;
          flip[i] = target.sign[j] == sign[i] ? 1 : -1;
        }
      }
    }
    return new AxisOrientation(to, flip);
  }

  /** The axis codes, e.g. {@code RAS}. */
  public String code() {
    StringBuilder s = new StringBuilder(3);
    for (int i = 0; i < 3; i++) {
      s.append(LABELS[world[i]].charAt(sign[i] < 0 ? 0 : 1));
    }
    return s.toString();
  }

  @Override
  public int[] world() {
    return world.clone();
  }

  @Override
  public int[] sign() {
    return sign.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AxisOrientation other && Arrays.equals(world, other.world) && Arrays.equals(sign, other.sign);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(world) * 31 + Arrays.hashCode(sign);
  }

  @Override
  public String toString() {
    return code();
  }
}
