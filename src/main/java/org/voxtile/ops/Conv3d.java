package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.conv3d}: cross-correlation with zero padding, stride, dilation,
 * groups (depthwise when groups == in_channels) and bias. The weight is a PyTorch tensor of shape
 * (out, in / groups, kx, ky, kz) in its own contiguous order (kz fastest); element
 * {@code w[o][i][a][b][c]} multiplies input voxel (x*sx - px + a*dx, y*sy - py + b*dy,
 * z*sz - pz + c*dz) of channel {@code g * in/groups + i} for output voxel (x, y, z) of channel
 * {@code o} in group {@code g = o / (out / groups)}. Being a cross-correlation, a dirac input gives
 * the kernel reversed along every axis.
 *
 * <p>Summation order, the same in every implementation and for every tile: the accumulator starts
 * at the bias, then for each input channel of the group, for kz, for ky, for kx (ascending) it
 * becomes {@code fma(weight, input, accumulator)}, with input 0 in the padding.
 *
 * <pre>{@code
 * Conv3d conv = new Conv3d(2, 16, Window.of(3, 1, 1, 1), 1, weight, bias);
 * Volume out = conv.apply(input);          // whole volume
 * Volume tile = conv.withThreads(2).compute(List.of(halo), tileBox, input.extent());
 * }</pre>
 */
public final class Conv3d implements Op {
  private final int inChannels;
  private final int outChannels;
  private final Window window;
  private final int groups;
  private final float[] weight;
  private final float[] bias;
  private final int threads;

  /**
   * @param weight PyTorch order (out, in / groups, kx, ky, kz); not copied, must not change
   * @param bias one per output channel, or null for none (zeros)
   * @throws IllegalArgumentException when channels, groups and weight shapes do not agree
   */
  public Conv3d(int inChannels, int outChannels, Window window, int groups, float[] weight,
      float[] bias) {
    this(inChannels, outChannels, window, groups, weight, bias, 1);
  }

  private Conv3d(int inChannels, int outChannels, Window window, int groups, float[] weight,
      float[] bias, int threads) {
    ConvArguments.checkChannels("conv3d", inChannels, outChannels, groups);
    checkArgument(window != null, "conv3d: window must not be null");
    ConvArguments.checkWeight("conv3d", weight, outChannels, inChannels / groups, window.kernel());
    this.bias = ConvArguments.biasOrZeros("conv3d", bias, outChannels);
    ConvArguments.checkThreads("conv3d", threads);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.window = window;
    this.groups = groups;
    this.weight = weight;
    this.threads = threads;
  }

  /** The same convolution computed by {@code threads} threads (by output rows; same bits). */
  public Conv3d withThreads(int threads) {
    return new Conv3d(inChannels, outChannels, window, groups, weight, bias, threads);
  }

  @Override
  public String name() {
    return "conv3d";
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

  public int threads() {
    return threads;
  }

  /** A copy of the weight, PyTorch order (out, in / groups, kx, ky, kz). */
  public float[] weight() {
    return weight.clone();
  }

  /** A copy of the bias (zeros when constructed without one). */
  public float[] bias() {
    return bias.clone();
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
    return window.outputExtent(input, false, name());
  }

  @Override
  public Box requiredInput(Box output) {
    return window.requiredInput(output);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    // exact or refused: a 2^46-voxel map times a large kernel may pass 2^63
    return Math.multiplyExact(Math.multiplyExact(output.voxelCount(), (long) outChannels),
        (long) (inChannels / groups) * window.taps());
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.check(this, inputs, output, inputExtent);
    if (VectorSupport.AVAILABLE) {
      return FastConvolution.conv3d(this, inputs.get(0), output, inputExtent);
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
      int firstChannel = (o / groupOut) * groupIn;
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            float sum = bias[o];
            for (int i = 0; i < groupIn; i++) {
              int w0 = (o * groupIn + i) * taps;
              for (int c = 0; c < kz; c++) {
                long iz = z * window.stride(2) - window.padding(2) + (long) c * window.dilation(2);
                for (int b = 0; b < ky; b++) {
                  long iy = y * window.stride(1) - window.padding(1) + (long) b * window.dilation(1);
                  for (int a = 0; a < kx; a++) {
                    long ix = x * window.stride(0) - window.padding(0) + (long) a * window.dilation(0);
                    float v = valueOrZero(in, firstChannel + i, ix, iy, iz, inputExtent);
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

  static float valueOrZero(Volume in, int channel, long x, long y, long z, Extent extent) {
    if (x < 0 || y < 0 || z < 0 || x >= extent.x() || y >= extent.y() || z >= extent.z()) {
      return 0f;
    }
    return in.data()[in.index(channel, x, y, z)];
  }

  @Override
  public String toString() {
    return "conv3d(" + inChannels + " -> " + outChannels + ", " + window + ", groups " + groups
        + ")";
  }
}
