package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Volume;

class InputsTest {
  private static Volume ramp(Box box) {
    Volume v = Volume.zeros(box, 2);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = i;
    }
    return v;
  }

  /** Ops write into a cropped copy (activations, add), so it must never be the input's array. */
  @Test
  void croppedCopyNeverSharesTheInputsArray() {
    Volume in = ramp(Box.of(0, 0, 0, 3, 3, 3));
    Volume same = Inputs.croppedCopy(in, in.box());
    assertNotSame(in.data(), same.data());
    assertArrayEquals(in.data(), same.data());
    Box inner = Box.of(1, 1, 1, 3, 2, 3);
    assertArrayEquals(in.crop(inner).data(), Inputs.croppedCopy(in, inner).data());
  }

  @Test
  void croppedReusesTheInputWhenItIsExactlyTheBox() {
    Volume in = ramp(Box.of(0, 0, 0, 3, 3, 3));
    assertSame(in, Inputs.cropped(in, in.box()));
    Box inner = Box.of(0, 1, 0, 2, 3, 1);
    assertEquals(inner, Inputs.cropped(in, inner).box());
    assertArrayEquals(in.crop(inner).data(), Inputs.cropped(in, inner).data());
  }
}
