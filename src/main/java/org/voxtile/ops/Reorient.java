package org.voxtile.ops;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.AxisOrientation;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * A pure permutation and flip of the voxel axes, as nibabel's {@code as_reoriented(ornt_transform(
 * io_orientation(affine), axcodes2ornt(code)))}: output voxel values are input voxel values moved,
 * never interpolated, every channel the same way; the output affine is {@code affine .
 * inv_ornt_aff(transform, shape)}. Output axis d reads input axis {@code from[d]}, index i' reading
 * i = i' (kept) or n - 1 - i' (flipped).
 */
public final class Reorient extends Regridding {
  private static final long serialVersionUID = 1L;

  private final int[] from;
  private final boolean[] flip;
  private final String target;

  private Reorient(Grid input, int[] from, boolean[] flip, String target) {
    super(input, outputGrid(input, from, flip));
    this.from = from;
    this.flip = flip;
    this.target = target;
  }

  /** The permuted extent, and the affine of {@code inv_ornt_aff}: the input's, after output-to-input voxels. */
  private static Grid outputGrid(Grid input, int[] from, boolean[] flip) {
    long[] size = new long[3];
    double[] t = new double[16];
    for (int d = 0; d < 3; d++) {
      long n = input.extent().get(from[d]);
      size[d] = n;
      // row from[d] of the output-to-input voxel map: i = +-i' (+ n - 1 when flipped)
      t[from[d] * 4 + d] = flip[d] ? -1 : 1;
      t[from[d] * 4 + 3] = flip[d] ? n - 1 : 0;
    }
    t[15] = 1;
    return new Grid(Extent.of(size[0], size[1], size[2]), input.affine().multiply(Affine.ofRowMajor(t)));
  }

  /**
   * The reorientation of {@code input} to the axis codes of {@code target} (RAS, LPS, ...), the
   * voxel axes of the input taken as nibabel's {@code io_orientation} finds them.
   *
   * @throws IllegalArgumentException when the input affine is singular or not finite
   */
  public static Reorient to(Grid input, AxisOrientation target) {
    AxisOrientation step = AxisOrientation.of(input.affine()).transformTo(target);
    int[] to = step.world();
    int[] sign = step.sign();
    int[] from = new int[3];
    boolean[] flip = new boolean[3];
    for (int a = 0; a < 3; a++) {
      from[to[a]] = a;
      flip[to[a]] = sign[a] < 0;
    }
    return new Reorient(input, from, flip, target.code());
  }

  @Override
  public String name() {
    return "reorient";
  }

  /** The same voxels of the input grid, axes permuted and flipped back. */
  @Override
  public Box requiredInput(Box out) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      int a = from[d];
      long n = inputGrid().extent().get(a);
      lo[a] = flip[d] ? n - out.max(d) : out.min(d);
      hi[a] = flip[d] ? n - out.min(d) : out.max(d);
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  /**
   * On the unbounded grid a flip is a mirror, which changes no receptive field size or jump: the
   * permutation alone, so that positions far from the origin stay far from it.
   */
  @Override
  public Box receptiveRegion(Box out) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      lo[from[d]] = out.min(d);
      hi[from[d]] = out.max(d);
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Inputs.check(this, inputs, out, inputExtent);
    Volume in = inputs.get(0);
    Box inBox = in.box();
    long[] stride = {1, inBox.extent().x(), inBox.extent().x() * inBox.extent().y()};
    int[][] offset = new int[3][];
    for (int d = 0; d < 3; d++) {
      int a = from[d];
      long n = inputGrid().extent().get(a);
      offset[d] = new int[(int) out.extent().get(d)];
      for (int i = 0; i < offset[d].length; i++) {
        long at = out.min(d) + i;
        offset[d][i] = Math.toIntExact(((flip[d] ? n - 1 - at : at) - inBox.min(a)) * stride[a]);
      }
    }
    int voxels = Math.toIntExact(out.voxelCount());
    float[] source = in.data();
    float[] values = new float[voxels * in.channels()];
    for (int c = 0; c < in.channels(); c++) {
      int base = c * in.voxelsPerChannel();
      int o = c * voxels;
      for (int z : offset[2]) {
        for (int y : offset[1]) {
          int row = base + z + y;
          for (int x : offset[0]) {
            values[o++] = source[row + x];
          }
        }
      }
    }
    return Volume.wrap(out, in.channels(), values);
  }

  @Override
  public String toString() {
    return "reorient(to " + target + ", from axes " + java.util.Arrays.toString(from) + ", flip "
        + java.util.Arrays.toString(flip) + ")";
  }
}
