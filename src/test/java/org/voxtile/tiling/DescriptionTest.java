package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;

/**
 * {@code describe} on the example pipelines of conf/ against receptive fields derived by hand
 * with the recurrence r_l = r_{l-1} + (k_l - 1) * j_{l-1}, j_l = j_{l-1} * s_l (r_0 = j_0 = 1),
 * and the halo a 'same' network reads per side, (r - 1) / 2 when j = 1.
 */
class DescriptionTest {
  private static Description describe(String pipeline, Extent extent) {
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf", pipeline), Optional.empty(), Map.of(), extent);
    return Description.of(built, new TilePlanner(built.network(), extent).plan(Extent.cube(8)));
  }

  private static Description.Row row(Description d, String node) {
    return d.nodes().stream().filter(r -> r.name().equals(node)).findFirst().orElseThrow();
  }

  private static void assertField(Description d, String node, long r, double j) {
    ReceptiveField field = row(d, node).field();
    assertEquals(Extent.cube(r), field.size(), node);
    assertArrayEquals(new double[] {j, j, j}, field.jump(), node);
  }

  @Test
  void vggStack() {
    // c1 k3: r = 1 + 2*1 = 3, j = 1; c2 k3: r = 3 + 2*1 = 5; p1 k2 s2: r = 5 + 1*1 = 6, j = 2;
    // c3 k3: r = 6 + 2*2 = 10; c4 k3: r = 10 + 2*2 = 14, j = 2; relus change nothing
    Description d = describe("vgg.yaml", Extent.of(32, 24, 16));
    assertField(d, "c1", 3, 1);
    assertField(d, "a2", 5, 1);
    assertField(d, "p1", 6, 2);
    assertField(d, "c3", 10, 2);
    assertField(d, "a4", 14, 2);
    // a4 voxel q stands for input [2q, 2q + 2) and reads [2q - 6, 2q + 8): halo 6 per side
    assertEquals(Halo.uniform(6), row(d, "a4").field().halo());
    // params: c1 16*2*27 + 16, c2 16*16*27 + 16, c3 32*16*27 + 32, c4 32*32*27 + 32
    assertEquals(880 + 6928 + 13856 + 27680, d.totalParams());
  }

  @Test
  void resnetBasicBlock() {
    // stem k3: r = 3; conv1 k3: r = 5; bn1, relu1: 5; conv2 k3: r = 7; bn2: 7;
    // residual = bn2 + stem_relu: the union of 7 and 3 centred on the same voxel is 7; out: 7
    Description d = describe("resnet-block.yaml", Extent.of(12, 10, 8));
    assertField(d, "stem", 3, 1);
    assertField(d, "bn1", 5, 1);
    assertField(d, "conv2", 7, 1);
    assertField(d, "residual", 7, 1);
    assertField(d, "out", 7, 1);
    assertEquals(Halo.uniform(3), row(d, "out").field().halo());
    // batch norm counts weight and bias (2 * 16), not the running statistics
    assertEquals(32, row(d, "bn1").params());
  }

  @Test
  void depthwiseSeparableBlock() {
    // expand k1: r = 1; depthwise k3 (groups 16): r = 3; pointwise k1: r = 3
    Description d = describe("depthwise-separable.yaml", Extent.of(9, 7, 5));
    assertField(d, "expand", 1, 1);
    assertField(d, "depthwise", 3, 1);
    assertField(d, "out", 3, 1);
    // depthwise: 16 filters of 1 x 27 (+ 16 biases), 27 MACs per output voxel and channel
    assertEquals(16 * 27 + 16, row(d, "depthwise").params());
    assertEquals(9L * 7 * 5 * 16 * 27, row(d, "depthwise").macs());
  }

  @Test
  void unetTwoLevels() {
    // enc1 k3: r = 3, j = 1; down k2 s2: r = 3 + 1*1 = 4, j = 2; enc2 k3: r = 4 + 2*2 = 8, j = 2;
    // up (transposed k2 s2): each up voxel comes from one enc2 voxel, r = 8, j = 2 / 2 = 1;
    // skip = concat(up, enc1_relu): enc1's 3 lie inside up's 8, r = 8;
    // dec1 k3: up voxels q - 1 .. q + 1 come from two enc2 voxels, r = 8 + 2*1 = 10; out k1: 10
    Description d = describe("unet.yaml", Extent.of(16, 12, 10));
    assertField(d, "enc1", 3, 1);
    assertField(d, "down", 4, 2);
    assertField(d, "enc2_relu", 8, 2);
    assertField(d, "up", 8, 1);
    assertField(d, "skip", 8, 1);
    assertField(d, "dec1", 10, 1);
    assertField(d, "out", 10, 1);
    // enc2 voxel e reads input [2e - 3, 2e + 5); even up voxel q = 2e reads that: 3 below,
    // 4 above its footprint [q, q + 1); odd q = 2e + 1: 4 below, 3 above; dec1 adds 1 per side
    assertEquals(Halo.uniform(4), row(d, "up").field().halo());
    assertEquals(Halo.uniform(5), row(d, "out").field().halo());
    assertEquals(Halo.uniform(5), d.plan().inputHalo());
  }
}
