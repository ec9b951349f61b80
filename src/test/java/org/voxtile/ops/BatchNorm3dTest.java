package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

class BatchNorm3dTest {
  @Test
  void foldingIntoTheConvolutionGivesTheSameOutput() {
    RandomOps random = new RandomOps(11);
    Conv3d conv = new Conv3d(2, 3, Window.of(3, 1, 1, 1), 1, random.floats(2 * 3 * 27),
        random.floats(3));
    float[] var = {0.5f, 1.5f, 2f};
    BatchNorm3d bn = new BatchNorm3d(random.floats(3), var, random.floats(3), random.floats(3),
        1e-5f);
    Volume in = random.volume(Extent.of(6, 5, 4), 2);
    float[] expected = bn.apply(conv.apply(in)).data();
    float[] folded = bn.foldInto(conv).apply(in).data();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], folded[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "value " + i);
    }
  }
}
