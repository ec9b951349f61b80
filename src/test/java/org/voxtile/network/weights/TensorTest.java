package org.voxtile.network.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tensor as a value: shape checks, equality by content, spatial axis reversal. */
class TensorTest {
  @Test
  void shapeMustMatchData() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of("c.weight", new long[] {2, 3}, new float[5]));
    assertEquals("tensor 'c.weight': shape [2, 3] holds 6 values, data has 5", e.getMessage());
  }

  @Test
  void equalityIsByContent() {
    Tensor a = Tensor.of("a", new long[] {2}, new float[] {1, 2});
    assertEquals(a, Tensor.of("a", new long[] {2}, new float[] {1, 2}));
    assertEquals(a.hashCode(), Tensor.of("a", new long[] {2}, new float[] {1, 2}).hashCode());
    assertNotEquals(a, Tensor.of("a", new long[] {1, 2}, new float[] {1, 2}));
    assertNotEquals(a, new Tensor("a", Dtype.F16, new long[] {2}, new float[] {1, 2}));
  }

  @Test
  void shapeIsCopied() {
    long[] shape = {2};
    Tensor a = Tensor.of("a", shape, new float[2]);
    shape[0] = 3;
    a.shape()[0] = 4;
    assertArrayEquals(new long[] {2}, a.shape());
  }

  @Test
  void reversingSpatialAxesMovesEachValue() {
    // one (out, in) block of (kz, ky, kx) = (2, 1, 3): value = 10 * z + x
    Tensor zyx = Tensor.of("w", new long[] {1, 1, 2, 1, 3}, new float[] {0, 1, 2, 10, 11, 12});
    Tensor xyz = zyx.withSpatialAxesReversed();
    assertArrayEquals(new long[] {1, 1, 3, 1, 2}, xyz.shape());
    // (kx, ky, kz) with kz fastest
    assertArrayEquals(new float[] {0, 10, 1, 11, 2, 12}, xyz.data());
    assertEquals(zyx, xyz.withSpatialAxesReversed());
  }

  @Test
  void reversingNeedsThreeAxes() {
    assertThrows(IllegalArgumentException.class, () -> Tensor.of("b", new long[] {3}, new float[3]).withSpatialAxesReversed());
  }
}
