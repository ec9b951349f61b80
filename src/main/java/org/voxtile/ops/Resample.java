package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * Resampling onto world-aligned axes of a given spacing, as {@code nibabel.processing
 * .resample_to_output(img, spacing, order, mode='constant', cval)}: the output grid is nibabel's
 * {@code vox2out_vox} (the bounding box of the input's corner voxel centres in world space, shape
 * {@code ceil((max - min) / spacing) + 1}, affine {@code diag(spacing)} moved to the minimum), and
 * each output voxel o pulls its value from input position {@code c = M o + t}, where
 * {@code (M, t)} is {@code inv(input affine) . output affine}, exactly as
 * {@code scipy.ndimage.affine_transform} computes it in float64: {@code c} summed x term, y term,
 * z term, then t; a position outside [0, n - 1] on any axis is {@code cval}; order 0 reads voxel
 * {@code floor(c + 0.5)} (ties upwards); order 1 weights voxels {@code floor(c)} and
 * {@code floor(c) + 1} by {@code w0 = 1 - frac}, {@code w1 = 1 - w0}, the 8 corner products summed
 * with z fastest, the upper voxel at the last index mirrored to n - 2 (its weight is 0 there).
 * Every channel is resampled the same way.
 */
public final class Resample extends Regridding {
  private static final long serialVersionUID = 1L;

  /** Input position per output voxel: row h is (M[h][0], M[h][1], M[h][2], t[h]). */
  private final double[][] map;
  private final int order;
  private final float cval;

  private Resample(Grid input, Grid output, int order, float cval) {
    super(input, output);
    checkArgument(order == 0 || order == 1, "resample: order must be 0 or 1, got %s", order);
    this.order = order;
    this.cval = cval;
    Affine toInput = input.affine().inverse().multiply(output.affine());
    this.map = new double[3][];
    for (int h = 0; h < 3; h++) {
      map[h] = toInput.row(h);
    }
  }

  /**
   * The resampling of {@code input} to voxels of {@code spacing} mm (x, y, z).
   *
   * @throws IllegalArgumentException when a spacing is not positive and finite, the input affine
   *     is singular, or the output would have more than {@code maxVoxels} voxels
   */
  public static Resample toSpacing(Grid input, double[] spacing, int order, float cval, long maxVoxels) {
    for (double s : spacing) {
      checkArgument(s > 0 && Double.isFinite(s), "spacing must be positive and finite, got %s", s);
    }
    Affine a = input.affine();
    double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int corner = 0; corner < 8; corner++) {
      double[] p = new double[3];
      for (int d = 0; d < 3; d++) {
        p[d] = (corner >> (2 - d) & 1) == 0 ? 0 : input.extent().get(d) - 1;
      }
      double[] w = a.apply(p[0], p[1], p[2]);
      for (int d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d], w[d]);
        hi[d] = Math.max(hi[d], w[d]);
      }
    }
    double[] size = new double[3];
    double voxels = 1;
    for (int d = 0; d < 3; d++) {
      size[d] = Math.ceil((hi[d] - lo[d]) / spacing[d]) + 1;
      voxels *= size[d];
    }
    checkArgument(voxels <= maxVoxels, "%s mm gives an output of %s x %s x %s voxels, more than the %s one map may"
        + " have", java.util.Arrays.toString(spacing), (long) size[0], (long) size[1], (long) size[2], maxVoxels);
    Affine out = Affine.ofRowMajor(spacing[0], 0, 0, lo[0], 0, spacing[1], 0, lo[1], 0, 0, spacing[2], lo[2],
        0, 0, 0, 1);
    return new Resample(input, new Grid(Extent.of((long) size[0], (long) size[1], (long) size[2]), out), order,
        cval);
  }

  @Override
  public String name() {
    return "resample";
  }

  /** 0 (nearest) or 1 (linear). */
  public int order() {
    return order;
  }

  /**
   * The input voxels the output box reads: the box of the positions of its corner voxels (an
   * affine map takes its extremes at corners, shear included), rounded as the order reads them,
   * widened by one voxel on each side for the float error of the per-voxel sums.
   */
  @Override
  public Box requiredInput(Box out) {
    if (out.isEmpty()) {
      return Box.of(0, 0, 0, 0, 0, 0);
    }
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int h = 0; h < 3; h++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int corner = 0; corner < 8; corner++) {
        double c = map[h][3];
        for (int d = 0; d < 3; d++) {
          c += map[h][d] * ((corner >> d & 1) == 0 ? out.min(d) : out.max(d) - 1);
        }
        min = Math.min(min, c);
        max = Math.max(max, c);
      }
      lo[h] = (long) Math.floor(order == 0 ? min + 0.5 : min) - 1;
      hi[h] = (long) Math.floor(order == 0 ? max + 0.5 : max) + (order == 0 ? 1 : 2) + 1;
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Inputs.check(this, inputs, out, inputExtent);
    Volume in = inputs.get(0);
    double[][][] terms = terms(out);
    long[] n = {inputExtent.x(), inputExtent.y(), inputExtent.z()};
    Box box = in.box();
    long[] stride = {1, box.extent().x(), box.extent().x() * box.extent().y()};
    int voxels = Math.toIntExact(out.voxelCount());
    int channels = in.channels();
    int perChannel = in.voxelsPerChannel();
    float[] data = in.data();
    float[] values = new float[voxels * channels];
    double[] c = new double[3];
    // per axis: flat offsets of the voxels read (one for order 0, two for order 1) and weights
    long[][] offset = new long[3][2];
    double[][] weight = new double[3][2];
    int o = 0;
    for (int z = 0; z < terms[0][2].length; z++) {
      for (int y = 0; y < terms[0][1].length; y++) {
        for (int x = 0; x < terms[0][0].length; x++, o++) {
          boolean inside = true;
          for (int h = 0; h < 3; h++) {
            // scipy's order of the float64 sum: 0 + x m0 + y m1 + z m2, then the shift
            c[h] = terms[h][0][x] + terms[h][1][y] + terms[h][2][z] + map[h][3];
            inside &= c[h] >= 0 && c[h] <= n[h] - 1;
          }
          if (!inside) {
            for (int ch = 0; ch < channels; ch++) {
              values[ch * voxels + o] = cval;
            }
            continue;
          }
          for (int h = 0; h < 3; h++) {
            double start = Math.floor(order == 0 ? c[h] + 0.5 : c[h]);
            long at = (long) start;
            offset[h][0] = (at - box.min(h)) * stride[h];
            // scipy mirrors an index past the end: n -> n - 2 (0 for a 1-voxel axis); its weight is 0
            long next = at + 1 < n[h] ? at + 1 : Math.max(0, n[h] - 2);
            offset[h][1] = (next - box.min(h)) * stride[h];
            weight[h][0] = 1.0 - (c[h] - start);
            weight[h][1] = 1.0 - weight[h][0];
          }
          for (int ch = 0; ch < channels; ch++) {
            int base = ch * perChannel;
            values[ch * voxels + o] = order == 0
                ? data[(int) (base + offset[0][0] + offset[1][0] + offset[2][0])]
                : linear(data, base, offset, weight);
          }
        }
      }
    }
    return Volume.wrap(out, channels, values);
  }

  /** The 8 corner products in scipy's order (z fastest), each {@code ((v wx) wy) wz}, summed from 0. */
  private static float linear(float[] data, int base, long[][] offset, double[][] weight) {
    double t = 0.0;
    for (int fx = 0; fx < 2; fx++) {
      for (int fy = 0; fy < 2; fy++) {
        for (int fz = 0; fz < 2; fz++) {
          double coeff = data[(int) (base + offset[0][fx] + offset[1][fy] + offset[2][fz])];
          coeff *= weight[0][fx];
          coeff *= weight[1][fy];
          coeff *= weight[2][fz];
          t += coeff;
        }
      }
    }
    return (float) t;
  }

  /** Per input axis h and output axis d, the products (out.min(d) + i) * M[h][d]. */
  private double[][][] terms(Box out) {
    double[][][] terms = new double[3][3][];
    for (int h = 0; h < 3; h++) {
      for (int d = 0; d < 3; d++) {
        terms[h][d] = new double[(int) out.extent().get(d)];
        for (int i = 0; i < terms[h][d].length; i++) {
          terms[h][d][i] = (out.min(d) + i) * map[h][d];
        }
      }
    }
    return terms;
  }

  @Override
  public String toString() {
    return "resample(to " + outputGrid().extent() + " at " + java.util.Arrays.toString(outputGrid().affine().voxelSizes())
        + ", order " + order + ", cval " + cval + ")";
  }
}
