package org.voxtile.tiling;

import java.util.Random;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.CropTo;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PadTo;
import org.voxtile.ops.Reorient;
import org.voxtile.ops.Resample;
import org.voxtile.volume.Affine;
import org.voxtile.volume.AxisOrientation;
import org.voxtile.volume.Grid;

/**
 * Seeded random grids for the property tests of the preprocessing ops: any of the 48 axis
 * orientations, spacings from 0.5 to 3 mm per axis (anisotropic), a random origin, and for one
 * grid in three an oblique tilt of up to 30 degrees about a random axis.
 */
final class RandomGrids {
  private static final String[] CODES = codes();

  private RandomGrids() {}

  static Grid grid(Random random, Extent extent) {
    AxisOrientation axes = AxisOrientation.parse(CODES[random.nextInt(CODES.length)]);
    double[] m = new double[16];
    for (int c = 0; c < 3; c++) {
      double spacing = 0.5 + random.nextInt(11) * 0.25;
      m[axes.world()[c] * 4 + c] = axes.sign()[c] * spacing;
      m[c * 4 + 3] = random.nextInt(200) - 100 + random.nextInt(4) * 0.25;
    }
    m[15] = 1;
    Affine affine = Affine.ofRowMajor(m);
    if (random.nextInt(3) == 0) {
      affine = tilt(random).multiply(affine);
    }
    return new Grid(extent, affine);
  }

  /** A reorientation of a random grid to a random target. */
  static Reorient reorient(Random random, Extent extent) {
    return Reorient.to(grid(random, extent), AxisOrientation.parse(CODES[random.nextInt(CODES.length)]));
  }

  /**
   * A resampling of a random grid, order 0 or 1, to spacings of 0.5 to 2 times its own voxel
   * sizes (rational and irrational ratios), with a random cval.
   */
  static Resample resample(Random random, Extent extent) {
    Grid grid = grid(random, extent);
    double[] sizes = grid.affine().voxelSizes();
    double[] factors = {0.5, 0.7, 1, 1.3, Math.sqrt(2), 2};
    double[] spacing = new double[3];
    for (int d = 0; d < 3; d++) {
      spacing[d] = sizes[random.nextInt(3)] * factors[random.nextInt(factors.length)];
    }
    float cval = random.nextInt(3) == 0 ? (float) random.nextGaussian() : 0;
    return Resample.toSpacing(grid, spacing, random.nextInt(2), cval, 1L << 40);
  }

  /** A crop to a random box of at least one voxel, on a random grid. */
  static CropTo cropTo(Random random, Extent extent) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      lo[d] = random.nextInt((int) extent.get(d));
      hi[d] = lo[d] + 1 + random.nextInt((int) (extent.get(d) - lo[d]));
    }
    return new CropTo(grid(random, extent), org.voxtile.geometry.Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]));
  }

  /** A pad_to (cropping too, where the shape is smaller) to sides 3 smaller to 4 larger, either mode. */
  static PadTo padTo(Random random, Extent extent) {
    long[] side = new long[3];
    for (int d = 0; d < 3; d++) {
      side[d] = Math.max(1, extent.get(d) - 3 + random.nextInt(8));
    }
    boolean replicate = random.nextBoolean();
    return new PadTo(grid(random, extent), Extent.of(side[0], side[1], side[2]),
        replicate ? Pad.Mode.REPLICATE : Pad.Mode.CONSTANT, replicate ? 0 : (float) random.nextGaussian());
  }

  private static Affine tilt(Random random) {
    double angle = Math.toRadians(random.nextDouble() * 30);
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    return switch (random.nextInt(3)) {
      case 0 -> Affine.ofRowMajor(1, 0, 0, 0, 0, c, -s, 0, 0, s, c, 0, 0, 0, 0, 1);
      case 1 -> Affine.ofRowMajor(c, 0, s, 0, 0, 1, 0, 0, -s, 0, c, 0, 0, 0, 0, 1);
      default -> Affine.ofRowMajor(c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    };
  }

  /** The 48 codes: every permutation of the three world axes, each in either direction. */
  private static String[] codes() {
    String[] pairs = {"LR", "PA", "IS"};
    int[][] permutations = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    String[] out = new String[48];
    int n = 0;
    for (int[] p : permutations) {
      for (int signs = 0; signs < 8; signs++) {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 3; i++) {
          code.append(pairs[p[i]].charAt((signs >> i) & 1));
        }
        out[n++] = code.toString();
      }
    }
    return out;
  }
}
