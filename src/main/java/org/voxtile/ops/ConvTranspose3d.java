package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.conv_transpose3d} with stride, padding, output_padding, dilation,
 * groups and bias. The weight has PyTorch's shape (in, out / groups, kx, ky, kz), kz fastest.
 * Output size per axis: (n - 1) * s - 2p + d * (k - 1) + output_padding + 1.
 *
 * <p>Computed as a gather, so each output voxel owns its sum: output X receives
 * {@code w[i][o][a] * input[q]} for every tap a with {@code X + p - a * d = q * s}. Summation
 * order, fixed for every tile: start at the bias, then for each input channel of the group, for
 * kz, ky, kx ascending, skipping taps whose position is not a multiple of the stride,
 * {@code fma(weight, input, accumulator)} with input 0 outside the input extent.
 *
 * <pre>{@code
 * ConvTranspose3d up = new ConvTranspose3d(32, 16, Window.of(2, 2, 0, 1), Extent.cube(0), 1, w, b);
 * Volume out = up.apply(input);   // twice the input size
 * }</pre>
 */
public final class ConvTranspose3d implements Op {
  private final int inChannels;
  private final int outChannels;
  private final Window window;
  private final Extent outputPadding;
  private final int groups;
  private final float[] weight;
  private final float[] bias;
  private final int threads;

  /**
   * @param weight PyTorch order (in, out / groups, kx, ky, kz); not copied, must not change
   * @param bias one per output channel, or null for none
   * @throws IllegalArgumentException when shapes disagree or output_padding is not smaller than
   *     the stride or the dilation on some axis
   */
  public ConvTranspose3d(int inChannels, int outChannels, Window window, Extent outputPadding,
      int groups, float[] weight, float[] bias) {
    this(inChannels, outChannels, window, outputPadding, groups, weight, bias, 1);
  }

  private ConvTranspose3d(int inChannels, int outChannels, Window window, Extent outputPadding,
      int groups, float[] weight, float[] bias, int threads) {
    ConvArguments.checkChannels("conv_transpose3d", inChannels, outChannels, groups);
    for (int d = 0; d < 3; d++) {
      checkArgument(outputPadding.get(d) < Math.max(window.stride(d), window.dilation(d)),
          "conv_transpose3d: output_padding %s must be smaller than stride %s or dilation %s",
          outputPadding, window.stride(), window.dilation());
    }
    ConvArguments.checkWeight("conv_transpose3d", weight, inChannels, outChannels / groups,
        window.kernel());
    this.bias = ConvArguments.biasOrZeros("conv_transpose3d", bias, outChannels);
    ConvArguments.checkThreads("conv_transpose3d", threads);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.window = window;
    this.outputPadding = outputPadding;
    this.groups = groups;
    this.weight = weight;
    this.threads = threads;
  }

  /** The same op computed by {@code threads} threads (same bits). */
  public ConvTranspose3d withThreads(int threads) {
    return new ConvTranspose3d(inChannels, outChannels, window, outputPadding, groups, weight,
        bias, threads);
  }

  @Override
  public String name() {
    return "conv_transpose3d";
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int groups() {
    return groups;
  }

  public Window window() {
    return window;
  }

  public Extent outputPadding() {
    return outputPadding;
  }

  public int threads() {
    return threads;
  }

  float[] weightArray() {
    return weight;
  }

  float[] biasArray() {
    return bias;
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return ConvArguments.outputChannels(name(), inChannels, outChannels, inputChannels);
  }

  @Override
  public Extent outputExtent(Extent input) {
    long[] size = new long[3];
    for (int d = 0; d < 3; d++) {
      size[d] = (input.get(d) - 1) * window.stride(d) - 2L * window.padding(d)
          + (long) window.dilation(d) * (window.kernel(d) - 1) + outputPadding.get(d) + 1;
      checkArgument(input.get(d) >= 1 && size[d] >= 1,
          "conv_transpose3d: input %s gives a non-positive output size on axis %s", input, d);
    }
    return new Extent(size[0], size[1], size[2]);
  }

  /** Input q contributes to output X when X + p - a * d = q * s for some tap a. */
  @Override
  public Box requiredInput(Box output) {
    long[] low = new long[3];
    long[] high = new long[3];
    for (int d = 0; d < 3; d++) {
      long s = window.stride(d);
      long p = window.padding(d);
      low[d] = Math.floorDiv(output.min(d) + p - (long) (window.span(d) - 1) + s - 1, s);
      high[d] = Math.max(low[d], Math.floorDiv(output.max(d) - 1 + p, s) + 1);
      if (output.min(d) == output.max(d)) {
        high[d] = low[d];
      }
    }
    return new Box(new Index3(low[0], low[1], low[2]), new Index3(high[0], high[1], high[2]));
  }

  /**
   * Multiply-accumulates: each output voxel gathers about taps / (sx * sy * sz) taps per input
   * channel of its group (exact when every tap lands, e.g. kernel == stride).
   */
  @Override
  public long macs(Extent output, int... inputChannels) {
    double perVoxel = (double) (inChannels / groups) * window.taps()
        / ((long) window.stride(0) * window.stride(1) * window.stride(2));
    return Math.round(output.voxelCount() * (double) outChannels * perVoxel);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    if (VectorSupport.AVAILABLE) {
      return FastConvolution.convTranspose3d(this, inputs.get(0), output, inputExtent);
    }
    return computeReference(inputs, output, inputExtent);
  }

  /** The plain scalar implementation: the specification the fast path matches bit for bit. */
  public Volume computeReference(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, outChannels);
    int groupIn = inChannels / groups;
    int groupOut = outChannels / groups;
    int kx = window.kernel(0);
    int ky = window.kernel(1);
    int kz = window.kernel(2);
    int taps = window.taps();
    for (int o = 0; o < outChannels; o++) {
      int g = o / groupOut;
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            float sum = bias[o];
            for (int i = 0; i < groupIn; i++) {
              int w0 = ((g * groupIn + i) * groupOut + o % groupOut) * taps;
              for (int c = 0; c < kz; c++) {
                long nz = z + window.padding(2) - (long) c * window.dilation(2);
                if (Math.floorMod(nz, window.stride(2)) != 0) {
                  continue;
                }
                for (int b = 0; b < ky; b++) {
                  long ny = y + window.padding(1) - (long) b * window.dilation(1);
                  if (Math.floorMod(ny, window.stride(1)) != 0) {
                    continue;
                  }
                  for (int a = 0; a < kx; a++) {
                    long nx = x + window.padding(0) - (long) a * window.dilation(0);
                    if (Math.floorMod(nx, window.stride(0)) != 0) {
                      continue;
                    }
                    float v = Conv3d.valueOrZero(in, g * groupIn + i,
                        Math.floorDiv(nx, window.stride(0)), Math.floorDiv(ny, window.stride(1)),
                        Math.floorDiv(nz, window.stride(2)), inputExtent);
                    sum = Math.fma(weight[w0 + (a * ky + b) * kz + c], v, sum);
                  }
                }
              }
            }
            out.data()[out.index(o, x, y, z)] = sum;
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "conv_transpose3d(" + inChannels + " -> " + outChannels + ", " + window
        + ", output_padding " + outputPadding + ", groups " + groups + ")";
  }
}
