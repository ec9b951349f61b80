package org.voxtile.tiling;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/** Element-wise sum of several inputs, for residual-style DAGs in tiling tests. */
final class Sum implements Op {
  @Override
  public String name() {
    return "sum";
  }

  @Override
  public int inputCount() {
    return VARIADIC;
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
    return out;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Volume result = Volume.zeros(out, inputs.get(0).channels());
    for (Volume in : inputs) {
      Volume part = in.box().equals(out) ? in : in.crop(out);
      float[] a = result.data();
      float[] b = part.data();
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
    return result;
  }
}
