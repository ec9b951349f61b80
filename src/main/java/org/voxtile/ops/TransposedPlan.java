package org.voxtile.ops;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

final class TransposedPlan {
  private TransposedPlan() {}

  static Volume compute(ConvTranspose3d op, Volume in, Box output, Extent inputExtent) {
    return op.computeReference(List.of(in), output, inputExtent);
  }
}
