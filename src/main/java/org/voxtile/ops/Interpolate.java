package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.interpolate} of a 5D input: {@code scale_factor} or {@code size},
 * mode {@code nearest}, {@code nearest-exact} or {@code trilinear}, {@code align_corners}
 * (trilinear only) and {@code recompute_scale_factor}, with torch 1.13's CPU rules
 * ({@link InterpolationAxis}). The output size is floor(in * scale_factor) or {@code size}; a
 * given scale factor, unless recomputed, is what the source index uses (1 / scale), a size gives
 * the ratio in / out.
 *
 * <p>Trilinear sums as torch's two CPU kernels do, chosen as torch chooses them: for an input that
 * is channels-last contiguous too (one channel, or a single voxel) the eight corner weights are
 * float products lx * ly * lz and the terms are summed in double in corner order; otherwise it
 * interpolates along z, then y, then x, each step {@code fma(t0, w0, t1 * w1)} in float. Both give
 * PyTorch's bits (docs/decisions.md §29).
 *
 * <pre>{@code
 * Interpolate up = Interpolate.byScale(new double[] {2, 2, 2}, Interpolate.Mode.TRILINEAR, false, false);
 * Volume out = up.forInput(in.extent()).apply(in);   // twice the size
 * }</pre>
 *
 * The ratios depend on the input extent, so {@link #requiredInput} needs the op bound to it
 * ({@link #forInput}).
 */
public final class Interpolate implements PerChannel {
  /** The interpolation, by PyTorch's name. */
  public enum Mode {
    NEAREST,
    NEAREST_EXACT,
    TRILINEAR;

    /** PyTorch's name: nearest, nearest-exact, trilinear. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Mode mode;
  private final boolean alignCorners;
  private final double[] scale;
  private final Extent size;
  private final boolean recompute;
  private final Extent inputExtent;

  private Interpolate(Mode mode, boolean alignCorners, double[] scale, Extent size, boolean recompute,
      Extent inputExtent) {
    checkArgument(mode != null, "interpolate: mode must not be null");
    checkArgument(!alignCorners || mode == Mode.TRILINEAR,
        "interpolate: align_corners only applies to mode trilinear, not %s", mode.label());
    checkArgument((scale == null) != (size == null), "interpolate: give exactly one of scale_factor and size");
    checkArgument(scale == null || (scale.length == 3 && Arrays.stream(scale).allMatch(s -> s > 0 && Double.isFinite(s))),
        "interpolate: scale_factor must be 3 positive numbers: %s", Arrays.toString(scale));
    checkArgument(size == null || !size.isEmpty(), "interpolate: size must be positive: %s", size);
    checkArgument(!recompute || scale != null, "interpolate: recompute_scale_factor needs a scale_factor");
    this.mode = mode;
    this.alignCorners = alignCorners;
    this.scale = scale == null ? null : scale.clone();
    this.size = size;
    this.recompute = recompute;
    this.inputExtent = inputExtent;
  }

  /** Scaled by {@code scale} (x, y, z); {@code recompute}: the ratio is in / out, as torch's flag. */
  public static Interpolate byScale(double[] scale, Mode mode, boolean alignCorners, boolean recompute) {
    return new Interpolate(mode, alignCorners, scale, null, recompute, null);
  }

  /** To the output extent {@code size}. */
  public static Interpolate toSize(Extent size, Mode mode, boolean alignCorners) {
    return new Interpolate(mode, alignCorners, null, size, false, null);
  }

  /** The same interpolation bound to the extent of its input, which {@link #requiredInput} needs. */
  public Interpolate forInput(Extent input) {
    return new Interpolate(mode, alignCorners, scale, size, recompute, input);
  }

  public Mode mode() {
    return mode;
  }

  public boolean alignCorners() {
    return alignCorners;
  }

  @Override
  public String name() {
    return "interpolate";
  }

  @Override
  public Extent outputExtent(Extent input) {
    checkArgument(!input.isEmpty(), "interpolate: empty input %s", input);
    checkArgument(inputExtent == null || inputExtent.equals(input),
        "interpolate: bound to input extent %s, asked about %s", inputExtent, input);
    if (size != null) {
      return size;
    }
    long[] n = new long[3];
    for (int d = 0; d < 3; d++) {
      n[d] = (long) Math.floor((double) input.get(d) * scale[d]);
      checkArgument(n[d] >= 1, "interpolate: input %s scaled by %s gives no voxel on axis %s (floor(%s * %s) = 0)",
          input, Arrays.toString(scale), "xyz".charAt(d), input.get(d), scale[d]);
    }
    return new Extent(n[0], n[1], n[2]);
  }

  private InterpolationAxis[] axes(Extent input) {
    Extent output = outputExtent(input);
    InterpolationAxis[] axes = new InterpolationAxis[3];
    for (int d = 0; d < 3; d++) {
      double given = scale != null && !recompute ? scale[d] : Double.NaN;
      axes[d] = new InterpolationAxis(input.get(d), output.get(d), mode, alignCorners, given);
    }
    return axes;
  }

  /** @throws IllegalStateException when the op was not bound to an input extent */
  @Override
  public Box requiredInput(Box output) {
    if (inputExtent == null) {
      throw new IllegalStateException("interpolate: requiredInput needs the input extent: use forInput(extent)");
    }
    return region(output, false);
  }

  /** As if the input went on without end: the exact ratios, no clamping at the last voxel. */
  @Override
  public Box receptiveRegion(Box output) {
    if (inputExtent == null) {
      throw new IllegalStateException("interpolate: receptiveRegion needs the input extent: use forInput(extent)");
    }
    return region(output, true);
  }

  private Box region(Box output, boolean unbounded) {
    if (output.isEmpty()) {
      return new Box(Index3.ORIGIN, Index3.ORIGIN);
    }
    InterpolationAxis[] axes = axes(inputExtent);
    long[] low = new long[3];
    long[] high = new long[3];
    for (int d = 0; d < 3; d++) {
      long[] r = unbounded ? axes[d].unbounded(output.min(d), output.max(d))
          : axes[d].reads(output.min(d), output.max(d));
      low[d] = r[0];
      high[d] = r[1];
    }
    return new Box(new Index3(low[0], low[1], low[2]), new Index3(high[0], high[1], high[2]));
  }

  /** Trilinear: one multiply-accumulate per corner, 8 per output voxel and channel; nearest copies. */
  @Override
  public long macs(Extent output, int... inputChannels) {
    return mode == Mode.TRILINEAR ? 8 * output.voxelCount() * inputChannels[0] : 0;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Interpolate bound = forInput(inputExtent);
    Inputs.check(bound, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    InterpolationAxis[] axes = axes(inputExtent);
    // torch takes its channels-last kernels when the input is channels-last contiguous as well
    boolean channelsLast = in.channels() == 1 || inputExtent.voxelCount() == 1;
    int[][] index = new int[3][];
    float[][] weight = new float[3][];
    for (int d = 0; d < 3; d++) {
      int n = (int) (output.max(d) - output.min(d));
      index[d] = new int[2 * n];
      weight[d] = new float[2 * n];
      for (int i = 0; i < n; i++) {
        long at = output.min(d) + i;
        if (mode == Mode.TRILINEAR) {
          axes[d].linear(at, index[d], weight[d], 2 * i);
        } else {
          index[d][2 * i] = (int) axes[d].nearest(at, channelsLast);
        }
      }
    }
    Volume out = Volume.zeros(output, in.channels());
    if (mode == Mode.TRILINEAR) {
      TrilinearSum.fill(in, out, index, weight, channelsLast);
    } else {
      float[] src = in.data();
      float[] dst = out.data();
      int k = 0;
      for (int c = 0; c < in.channels(); c++) {
        for (int z = 0; z < index[2].length / 2; z++) {
          for (int y = 0; y < index[1].length / 2; y++) {
            int row = in.index(c, 0, index[1][2 * y], index[2][2 * z]);
            for (int x = 0; x < index[0].length / 2; x++) {
              dst[k++] = src[row + index[0][2 * x]];
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "interpolate(" + (size != null ? "size " + size : "scale_factor " + Arrays.toString(scale)
        + (recompute ? ", recompute_scale_factor" : "")) + ", " + mode.label()
        + (alignCorners ? ", align_corners" : "") + ")";
  }
}
