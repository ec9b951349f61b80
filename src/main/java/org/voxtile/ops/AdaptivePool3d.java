package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.adaptive_max_pool3d} / {@code adaptive_avg_pool3d}: a fixed output
 * extent whatever the input; per axis, output bin i of o over n input voxels covers
 * [floor(i * n / o), ceil((i + 1) * n / o)) (PyTorch's boundaries; bins overlap when n is not a
 * multiple of o, and repeat voxels when o &gt; n). Max: start at -inf, keep v when v &gt; max or v
 * is NaN. Avg: float32 sum kz, ky, kx ascending, divided by the bin's voxel count.
 *
 * <pre>{@code
 * Volume summary = new AdaptivePool3d(Extent.cube(2), PoolMode.MAX).apply(features); // 2x2x2
 * }</pre>
 *
 * The input extent is a parameter of the bins, so {@link #requiredInput} needs it: create the op
 * with the input extent it will see ({@link #forInput}) before asking for input regions.
 */
public final class AdaptivePool3d implements PerChannel {
  private final Extent outputSize;
  private final PoolMode mode;
  private final Extent inputExtent;

  public AdaptivePool3d(Extent outputSize, PoolMode mode) {
    this(outputSize, mode, null);
  }

  private AdaptivePool3d(Extent outputSize, PoolMode mode, Extent inputExtent) {
    checkArgument(!outputSize.isEmpty(), "adaptive pool: output size must be >= 1: %s",
        outputSize);
    checkArgument(mode != null, "adaptive pool: mode must not be null");
    this.outputSize = outputSize;
    this.mode = mode;
    this.inputExtent = inputExtent;
  }

  /** The same pooling bound to the extent of its input, which {@link #requiredInput} needs. */
  public AdaptivePool3d forInput(Extent input) {
    return new AdaptivePool3d(outputSize, mode, input);
  }

  public Extent outputSize() {
    return outputSize;
  }

  public PoolMode mode() {
    return mode;
  }

  @Override
  public String name() {
    return mode == PoolMode.MAX ? "adaptive_max_pool3d" : "adaptive_avg_pool3d";
  }

  @Override
  public Extent outputExtent(Extent input) {
    checkArgument(!input.isEmpty(), "%s: empty input %s", name(), input);
    checkArgument(inputExtent == null || inputExtent.equals(input),
        "%s: bound to input extent %s, asked about %s", name(), inputExtent, input);
    return outputSize;
  }

  /** @throws IllegalStateException when the op was not bound to an input extent */
  @Override
  public Box requiredInput(Box output) {
    if (inputExtent == null) {
      throw new IllegalStateException(name() + ": requiredInput needs the input extent: "
          + "use forInput(extent)");
    }
    if (output.isEmpty()) {
      return new Box(Index3.ORIGIN, Index3.ORIGIN);
    }
    long[] low = new long[3];
    long[] high = new long[3];
    for (int d = 0; d < 3; d++) {
      low[d] = binStart(output.min(d), inputExtent.get(d), outputSize.get(d));
      high[d] = binEnd(output.max(d) - 1, inputExtent.get(d), outputSize.get(d));
    }
    return new Box(new Index3(low[0], low[1], low[2]), new Index3(high[0], high[1], high[2]));
  }

  static long binStart(long i, long n, long o) {
    return Math.floorDiv(i * n, o);
  }

  static long binEnd(long i, long n, long o) {
    return Math.floorDiv((i + 1) * n + o - 1, o);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return inputExtent == null ? 0 : inputExtent.voxelCount() * inputChannels[0];
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    AdaptivePool3d bound = forInput(inputExtent);
    Inputs.check(bound, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    float[] src = in.data();
    float[] dst = out.data();
    int at = 0;
    for (int ch = 0; ch < in.channels(); ch++) {
      for (long z = output.min().z(); z < output.max().z(); z++) {
        long z0 = binStart(z, inputExtent.z(), outputSize.z());
        long z1 = binEnd(z, inputExtent.z(), outputSize.z());
        for (long y = output.min().y(); y < output.max().y(); y++) {
          long y0 = binStart(y, inputExtent.y(), outputSize.y());
          long y1 = binEnd(y, inputExtent.y(), outputSize.y());
          for (long x = output.min().x(); x < output.max().x(); x++) {
            long x0 = binStart(x, inputExtent.x(), outputSize.x());
            int width = (int) (binEnd(x, inputExtent.x(), outputSize.x()) - x0);
            float max = Float.NEGATIVE_INFINITY;
            float sum = 0f;
            for (long iz = z0; iz < z1; iz++) {
              for (long iy = y0; iy < y1; iy++) {
                int row = in.index(ch, x0, iy, iz);
                for (int i = 0; i < width; i++) {
                  float v = src[row + i];
                  sum += v;
                  if (v > max || Float.isNaN(v)) {
                    max = v;
                  }
                }
              }
            }
            dst[at++] = mode == PoolMode.MAX ? max
                : sum / ((z1 - z0) * (y1 - y0) * width);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name() + "(" + outputSize + ")";
  }
}
