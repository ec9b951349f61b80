package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.stats.Moments;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.group_norm} and {@code instance_norm} (without running statistics:
 * training-mode statistics of the scan, as {@code nn.InstanceNorm3d} and {@code nn.GroupNorm}
 * use): per group g of {@code channels / groups} consecutive channels,
 * {@code y = (x - mean_g) / sqrt(var_g + eps) * weight[c] + bias[c]} with the mean and the
 * population variance over the group's channels and the whole spatial map. Instance norm is the
 * case groups = channels. The statistics are exact ({@link Moments}, one pass); bound, the op is
 * a {@link ChannelAffine}. Instance norm with running statistics is local and built as a
 * {@link BatchNorm3d} instead (PyTorch's eval mode).
 *
 * <pre>{@code
 * GroupNorm norm = GroupNorm.instanceNorm(16, 1e-5, weight, bias);   // weight, bias may be null
 * Op local = norm.bind(Statistics.NONE.then(mergedMoments));
 * }</pre>
 */
public final class GroupNorm implements GlobalOp {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final int groups;
  private final int channels;
  private final double eps;
  private final float[] weight;
  private final float[] bias;

  /**
   * @param weight per-channel scale, or null for ones (affine false)
   * @param bias per-channel shift, or null for zeros
   * @throws IllegalArgumentException when groups does not divide channels or a weight is misshapen
   */
  public GroupNorm(int groups, int channels, double eps, float[] weight, float[] bias) {
    this("group_norm", groups, channels, eps, weight, bias);
  }

  private GroupNorm(String name, int groups, int channels, double eps, float[] weight, float[] bias) {
    checkArgument(groups >= 1 && channels >= 1 && channels % groups == 0,
        "%s: num_groups %s must divide the %s channels", name, groups, channels);
    checkArgument(eps > 0, "%s: eps must be positive: %s", name, eps);
    checkArgument((weight == null || weight.length == channels) && (bias == null || bias.length == channels),
        "%s: weight and bias need one value per channel (%s)", name, channels);
    this.name = name;
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = weight == null ? null : weight.clone();
    this.bias = bias == null ? null : bias.clone();
  }

  /** Instance norm of {@code channels} channels: one group per channel. */
  public static GroupNorm instanceNorm(int channels, double eps, float[] weight, float[] bias) {
    return new GroupNorm("instance_norm", channels, channels, eps, weight, bias);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputCount() {
    return 1;
  }

  public int groups() {
    return groups;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    checkArgument(inputChannels.length == 1 && inputChannels[0] == channels,
        "%s: input has %s channels, expected %s", name, inputChannels.length == 1 ? inputChannels[0] : "(several)",
        channels);
    return channels;
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return 2 * output.voxelCount() * channels; // one pass to reduce, one to map
  }

  @Override
  public int passes() {
    return 1;
  }

  @Override
  public Partial reduce(int pass, List<Volume> inputs, Box region, Statistics earlier) {
    checkArgument(pass == 0, "%s has one pass, not %s", name, pass);
    int[] slot = new int[channels];
    for (int c = 0; c < channels; c++) {
      slot[c] = c / (channels / groups);
    }
    Moments m = Moments.empty(groups);
    MaskedVoxels.visit(inputs.get(0), null, MaskedVoxels.Rule.ALL, region, slot, m);
    return m;
  }

  @Override
  public Op bind(Statistics statistics) {
    Moments m = statistics.pass(0, Moments.class);
    checkArgument(m.slots() == groups, "%s: statistics of %s groups, expected %s", name, m.slots(), groups);
    double[] center = new double[channels];
    double[] divisor = new double[channels];
    double[] gain = new double[channels];
    double[] offset = new double[channels];
    for (int c = 0; c < channels; c++) {
      int g = c / (channels / groups);
      center[c] = m.mean(g);
      divisor[c] = Math.sqrt(m.variance(g) + eps);
      gain[c] = weight == null ? 1 : weight[c];
      offset[c] = bias == null ? 0 : bias[c];
    }
    return new ChannelAffine(name, center, divisor, gain, offset, false, 0, 0, MaskedVoxels.Rule.ALL);
  }

  @Override
  public String toString() {
    return name + "(" + channels + (name.equals("group_norm") ? ", groups " + groups : "") + ", eps " + eps
        + (weight == null ? "" : ", affine") + ")";
  }
}
