package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.batch_norm} in eval mode: per channel c,
 * {@code y = x * scale[c] + shift[c]} with {@code scale = weight / sqrt(running_var + eps)} and
 * {@code shift = bias - running_mean * scale}, computed in float32 as PyTorch's CPU kernel does.
 * {@link #foldInto(Conv3d)} merges it into the convolution before it.
 *
 * <pre>{@code
 * Conv3d folded = new BatchNorm3d(mean, var, gamma, beta, 1e-5f).foldInto(conv);
 * }</pre>
 */
public final class BatchNorm3d implements Voxelwise {
  private static final long serialVersionUID = 1L;

  /** The pipeline op this is: batch_norm3d, or instance_norm with running statistics. */
  private final String name;
  private final float[] scale;
  private final float[] shift;

  /**
   * @param weight gamma, or null for ones
   * @param bias beta, or null for zeros
   */
  public BatchNorm3d(float[] runningMean, float[] runningVar, float[] weight, float[] bias,
      float eps) {
    this("batch_norm3d", runningMean, runningVar, weight, bias, eps);
  }

  /**
   * {@code nn.InstanceNorm3d(track_running_stats=True)} in eval mode: the same per-channel map,
   * named {@code instance_norm} so that descriptions and messages show the op the pipeline names.
   */
  public static BatchNorm3d instanceNorm(float[] runningMean, float[] runningVar, float[] weight, float[] bias,
      float eps) {
    return new BatchNorm3d("instance_norm", runningMean, runningVar, weight, bias, eps);
  }

  private BatchNorm3d(String name, float[] runningMean, float[] runningVar, float[] weight, float[] bias,
      float eps) {
    this.name = name;
    int n = runningMean.length;
    checkArgument(n >= 1 && runningVar.length == n && (weight == null || weight.length == n)
            && (bias == null || bias.length == n),
        "%s: running_mean, running_var, weight and bias must have one value per channel", name);
    scale = new float[n];
    shift = new float[n];
    for (int c = 0; c < n; c++) {
      checkArgument(runningVar[c] + eps > 0, "%s: running_var[%s] + eps = %s is not positive",
          name, c, runningVar[c] + eps);
      float invStd = 1f / (float) Math.sqrt(runningVar[c] + eps);
      scale[c] = (weight == null ? 1f : weight[c]) * invStd;
      shift[c] = (bias == null ? 0f : bias[c]) - runningMean[c] * scale[c];
    }
  }

  public int channels() {
    return scale.length;
  }

  /**
   * The convolution whose output equals this batch norm applied to {@code conv}'s output (up to
   * float rounding): weight'[o] = weight[o] * scale[o], bias'[o] = bias[o] * scale[o] + shift[o].
   */
  public Conv3d foldInto(Conv3d conv) {
    checkArgument(conv.outChannels() == channels(),
        "%s: %s channels cannot fold into %s", name, channels(), conv);
    float[] w = conv.weight();
    float[] b = conv.bias();
    int perOutput = w.length / channels();
    for (int o = 0; o < channels(); o++) {
      for (int i = o * perOutput; i < (o + 1) * perOutput; i++) {
        w[i] *= scale[o];
      }
      b[o] = b[o] * scale[o] + shift[o];
    }
    return new Conv3d(conv.inChannels(), conv.outChannels(), conv.window(), conv.groups(), w, b)
        .withThreads(conv.threads());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == 1 && inputChannels[0] == channels(),
        "%s: input has %s channels, expected %s", name,
        inputChannels.length == 1 ? inputChannels[0] : "(" + inputChannels.length + " inputs)",
        channels());
    return channels();
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * channels();
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    outputChannels(in.channels());
    Volume out = Inputs.croppedCopy(in, output);
    float[] data = out.data();
    int n = out.voxelsPerChannel();
    for (int c = 0; c < channels(); c++) {
      for (int i = c * n; i < (c + 1) * n; i++) {
        data[i] = data[i] * scale[c] + shift[c];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name + "(" + channels() + ")";
  }
}
