package org.voxtile.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.FeatureSpec;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.SpatialPyramidPooling;
import org.voxtile.volume.Volume;

class FeaturePartialsTest {
  private static Volume random(long seed, Extent extent, int channels) {
    Random r = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
    }
    return v;
  }

  private static List<Volume> pieces(Volume whole) {
    return whole.box().grid(Extent.of(3, 4, 5)).stream().map(whole::crop).toList();
  }

  @Test
  void sppPartialsMergeInAnyOrderToTheSameBits() {
    Volume whole = random(1, Extent.of(9, 8, 10), 2);
    for (PoolMode mode : PoolMode.values()) {
      SppAccumulator template = new SppAccumulator(new FeatureSpec("m", List.of(1, 2, 3), mode), whole.extent(), 2);
      List<SppAccumulator> parts = pieces(whole).stream().map(p -> {
        SppAccumulator a = template.empty();
        a.add(p);
        return a;
      }).toList();
      SppAccumulator forward = template.empty();
      for (SppAccumulator p : parts) {
        forward = forward.merge(p);
      }
      SppAccumulator backward = template.empty();
      for (int i = parts.size() - 1; i >= 0; i--) {
        backward = parts.get(i).merge(backward);
      }
      assertArrayEquals(forward.vector(), backward.vector(), mode.label());
      float[] ops = new SpatialPyramidPooling(new int[] {1, 2, 3}, mode)
          .features(whole);
      for (int i = 0; i < ops.length; i++) {
        assertEquals(ops[i], forward.vector()[i], mode == PoolMode.MAX ? 0 : 1e-5 * (1e-3 + Math.abs(ops[i])), mode + " " + i);
      }
    }
  }

  @Test
  void statisticsMergeInAnyOrderAndSkipNaN() {
    Volume whole = random(2, Extent.of(9, 8, 10), 1);
    whole.data()[17] = Float.NaN;
    List<ChannelStats> parts = pieces(whole).stream().map(p -> ChannelStats.of(p.data(), 0, p.data().length)).toList();
    ChannelStats a = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      a = a.merge(parts.get(i));
    }
    ChannelStats b = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      b = parts.get(i).merge(b);
    }
    assertEquals(a.mean(), b.mean());
    assertEquals(a.std(), b.std());
    assertEquals(a.percentile(50), b.percentile(50));
    assertEquals(whole.data().length - 1, a.count());
    assertEquals(1, a.nanCount());
    assertTrue(Double.isFinite(a.mean()));
  }

  @Test
  void avgPoolingPropagatesNaNAndInfinity() {
    Volume v = Volume.zeros(Box.of(Extent.of(4, 4, 4)), 1);
    v.data()[0] = Float.POSITIVE_INFINITY;
    v.data()[63] = Float.NaN;
    SppAccumulator a = new SppAccumulator(new FeatureSpec("m", List.of(2), PoolMode.AVG), v.extent(), 1).empty();
    a.add(v);
    float[] vector = a.vector();
    assertEquals(Float.POSITIVE_INFINITY, vector[0]);
    assertTrue(Float.isNaN(vector[7]));
    assertEquals(0f, vector[1]);
  }
}
