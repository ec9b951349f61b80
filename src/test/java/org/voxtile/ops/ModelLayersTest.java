package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The layers of trained models, beyond the PyTorch goldens: the edge cases a segmentation head
 * meets (huge logits, ties, NaN), broadcasting, and that each in-place op gives its out-of-place
 * bits.
 */
class ModelLayersTest {
  /** One voxel per column: {@code channels[c][i]} is channel c of voxel i. */
  private static Volume voxels(float[]... channels) {
    int n = channels[0].length;
    float[] data = new float[channels.length * n];
    for (int c = 0; c < channels.length; c++) {
      System.arraycopy(channels[c], 0, data, c * n, n);
    }
    return Volume.wrap(Box.of(Extent.of(n, 1, 1)), channels.length, data);
  }

  @Test
  void softmaxOfHugeLogitsNeitherOverflowsNorUnderflows() {
    Volume logits = voxels(new float[] {1000f, -3000f}, new float[] {1000f + 0.5f, -3000f + 2f});
    float[] p = ChannelSoftmax.softmax().apply(logits).data();
    double e = Math.exp(0.5);
    assertEquals((float) (1 / (1 + e)), p[0], 1e-7f);
    assertEquals((float) (e / (1 + e)), p[2], 1e-7f);
    assertEquals((float) (1 / (1 + Math.exp(2))), p[1], 1e-7f);
    float[] logP = ChannelSoftmax.logSoftmax().apply(logits).data();
    assertEquals((float) -Math.log1p(e), logP[0], 1e-6f);
  }

  @Test
  void aNanInOneChannelMakesTheWholeVoxelNan() {
    float[] p = ChannelSoftmax.softmax().apply(voxels(new float[] {Float.NaN, 1f}, new float[] {2f, 3f})).data();
    assertTrue(Float.isNaN(p[0]) && Float.isNaN(p[2]));
    assertEquals(1f, p[1] + p[3], 1e-6f);
  }

  @Test
  void argmaxTiesGoToTheLowestIndexAndTheFirstNanWins() {
    Volume scores = voxels(new float[] {1f, 2f, 0f, Float.NEGATIVE_INFINITY},
        new float[] {3f, 2f, Float.NaN, Float.NEGATIVE_INFINITY}, new float[] {3f, 1f, Float.NaN, 5f});
    Volume labels = new Argmax().apply(scores);
    assertEquals(1, labels.channels());
    assertArrayEquals(new float[] {1f, 0f, 1f, 2f}, labels.data());
  }

  @Test
  void mulBroadcastsAOneChannelMapOnEitherSide() {
    Volume features = voxels(new float[] {1f, 2f}, new float[] {3f, 4f});
    Volume gate = voxels(new float[] {0.5f, -1f});
    float[] expected = {0.5f, -2f, 1.5f, -4f};
    assertArrayEquals(expected, new Mul().apply(features, gate).data());
    assertArrayEquals(expected, new Mul().apply(gate, features).data());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Mul().outputChannels(2, 3));
    assertEquals("mul: inputs have 2 and 3 channels; they must be equal or one must have 1 channel", e.getMessage());
  }

  @Test
  void clampKeepsNanAndEitherBoundMayBeAbsent() {
    Volume x = voxels(new float[] {Float.NaN, -5f, 0.2f, 9f});
    assertArrayEquals(new float[] {Float.NaN, -1f, 0.2f, 1f}, new Clamp(-1f, 1f).apply(x).data());
    assertArrayEquals(new float[] {Float.NaN, 0f, 0.2f, 9f},
        new Clamp(0f, Float.POSITIVE_INFINITY).apply(x).data());
    assertThrows(IllegalArgumentException.class, () -> new Clamp(2f, 1f));
  }

  @Test
  void preluTakesOneSlopeOrOnePerChannel() {
    Volume x = voxels(new float[] {-2f, 3f}, new float[] {-2f, Float.NaN});
    assertArrayEquals(new float[] {-0.5f, 3f, -0.5f, Float.NaN}, new PRelu(new float[] {0.25f}).apply(x).data());
    assertArrayEquals(new float[] {-0.2f, 3f, -2f, Float.NaN}, new PRelu(new float[] {0.1f, 1f}).apply(x).data());
    assertThrows(IllegalArgumentException.class, () -> new PRelu(new float[] {1f, 2f, 3f}).apply(x));
  }

  @Test
  void localResponseNormPadsTheChannelWindowWithZeros() {
    // size 2 reads channels c - 1 and c (size/2 before, (size-1)/2 after); channel 0 has only itself
    Volume x = voxels(new float[] {1f}, new float[] {2f}, new float[] {3f});
    float[] y = new LocalResponseNorm(2, 1.0, 1.0, 1.0).apply(x).data();
    assertArrayEquals(new float[] {(float) (1 / (1 + 1 / 2.0)), (float) (2 / (1 + 5 / 2.0)),
        (float) (3 / (1 + 13 / 2.0))}, y);
  }

  @Test
  void dropoutIsTheIdentity() {
    Volume x = voxels(new float[] {-0f, Float.NaN, 7f});
    for (String kind : Dropout.NAMES) {
      assertArrayEquals(x.data(), new Dropout(kind, 0.5).apply(x).data(), kind);
    }
    assertThrows(IllegalArgumentException.class, () -> new Dropout("dropout", 1.5));
  }

  @Test
  void inPlaceGivesTheBitsOfCompute() {
    float[] values = {0f, -0f, 1f, -1f, Float.NaN, 40f, -40f, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40f};
    Volume map = voxels(values, values.clone());
    for (InPlace op : List.of(ChannelSoftmax.softmax(), ChannelSoftmax.logSoftmax(), new PRelu(new float[] {0.3f, -2f}),
        new Clamp(-1f, 0.5f), new Dropout("alpha_dropout", 0.1))) {
      Volume out = op.apply(map);
      Volume copy = map.copy();
      op.computeInPlace(copy);
      assertArrayEquals(out.data(), copy.data(), op.toString());
    }
  }
}
