package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

class ActivationTest {
  private static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, -Float.NaN, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f, -1e-40f};

  @Test
  void inPlaceAndOutOfPlaceGiveTheBitsOfApplyForEverySpecialValue() {
    for (Activation activation : List.of(Activation.relu(), Activation.leakyRelu(0.01f), Activation.sigmoid(),
        Activation.tanh(), Activation.elu(1f), Activation.gelu())) {
      Volume map = Volume.wrap(Box.of(Extent.of(SPECIAL.length, 1, 1)), 1, SPECIAL.clone());
      Volume out = activation.compute(List.of(map), map.box(), map.box().extent());
      activation.computeInPlace(map);
      for (int i = 0; i < SPECIAL.length; i++) {
        int expected = Float.floatToRawIntBits(activation.apply(SPECIAL[i]));
        assertEquals(expected, Float.floatToRawIntBits(out.data()[i]), activation + " of " + SPECIAL[i]);
        assertEquals(expected, Float.floatToRawIntBits(map.data()[i]), activation + " in place of " + SPECIAL[i]);
      }
    }
  }

  @Test
  void reluKeepsNanAndTurnsNegativeZeroIntoZero() {
    Volume map = Volume.wrap(Box.of(Extent.of(3, 1, 1)), 1, new float[] {Float.NaN, -0f, -2f});
    Activation.relu().computeInPlace(map);
    assertEquals(Float.NaN, map.data()[0]);
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(map.data()[1]));
    assertEquals(0f, map.data()[2]);
  }
}
