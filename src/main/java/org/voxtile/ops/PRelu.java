package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.prelu(x, weight)}: x for x &gt; 0, else weight * x, with one learned
 * slope for all channels ({@code num_parameters} 1) or one per channel. The same float32 product
 * as PyTorch's kernel, so the bits agree; NaN stays NaN.
 */
public final class PRelu implements Voxelwise, PerChannel, InPlace {
  private static final long serialVersionUID = 1L;

  private final float[] weight;

  /** @param weight the slopes: one, or one per channel of the input */
  public PRelu(float[] weight) {
    checkArgument(weight.length >= 1, "prelu: needs at least one slope");
    this.weight = weight.clone();
  }

  @Override
  public String name() {
    return "prelu";
  }

  /** The slopes, as given. */
  public float[] weight() {
    return weight.clone();
  }

  @Override
  public int outputChannels(int... inputChannels) {
    int c = Inputs.sameChannels(this, inputChannels);
    checkArgument(weight.length == 1 || weight.length == c,
        "prelu: %s slopes for an input of %s channels (num_parameters must be 1 or the channels)", weight.length, c);
    return c;
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return output.voxelCount() * inputChannels[0];
  }


  @Override
  public void computeInPlace(Volume map) {
    outputChannels(map.channels());
    float[] data = map.data();
    int n = map.voxelsPerChannel();
    for (int c = 0; c < map.channels(); c++) {
      float slope = weight[weight.length == 1 ? 0 : c];
      for (int i = c * n; i < (c + 1) * n; i++) {
        float x = data[i];
        data[i] = x > 0f ? x : slope * x;
      }
    }
  }

  @Override
  public String toString() {
    return "prelu(" + weight.length + (weight.length == 1 ? " slope " + weight[0] : " slopes") + ")";
  }
}
