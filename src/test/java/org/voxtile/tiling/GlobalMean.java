package org.voxtile.tiling;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/**
 * A test-only global op: subtracts the mean of the whole input map from every voxel (as an
 * instance normalisation would). No tile can compute it from a halo.
 */
final class GlobalMean implements Op {
  private final Extent inputExtent;

  GlobalMean(Extent inputExtent) {
    this.inputExtent = inputExtent;
  }

  @Override
  public String name() {
    return "global_mean";
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return inputChannels[0];
  }

  @Override
  public Extent outputExtent(Extent in) {
    return in;
  }

  @Override
  public Box requiredInput(Box out) {
    return Box.of(inputExtent);
  }

  @Override
  public boolean isLocal() {
    return false;
  }

  @Override
  public String describeNonLocality() {
    return "every voxel depends on the mean of the whole input map";
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent extent) {
    Volume in = inputs.get(0);
    double sum = 0;
    for (float v : in.data()) {
      sum += v;
    }
    float mean = (float) (sum / in.data().length);
    Volume result = in.crop(out);
    float[] d = result.data();
    for (int i = 0; i < d.length; i++) {
      d[i] -= mean;
    }
    return result;
  }
}
