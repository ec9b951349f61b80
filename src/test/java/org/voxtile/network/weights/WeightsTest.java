package org.voxtile.network.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.network.pipeline.Axes;

/** Handing weight tensors to nodes: lookup, shapes, unused tensors, zyx order. */
class WeightsTest {
  static final Path GOLDEN = SafetensorsTest.GOLDEN;

  @TempDir Path dir;

  static Weights weights(Tensor... tensors) {
    return Weights.of("weights.safetensors", List.of(tensors));
  }

  static Tensor zeros(String name, long... shape) {
    long count = 1;
    for (long extent : shape) {
      count *= extent;
    }
    return Tensor.of(name, shape, new float[(int) count]);
  }

  @Test
  void findsWeightAndBiasByNodeName() {
    Tensor weight = zeros("c1.weight", 16, 2, 3, 3, 3);
    Tensor bias = zeros("c1.bias", 16);
    WeightBinder binder = weights(weight, bias).binder(Axes.XYZ);
    assertEquals(weight, binder.require("c1", "weight", "conv3d", 16, 2, 3, 3, 3));
    assertEquals(Optional.of(bias), binder.find("c1", "bias", "conv3d", 16));
    assertEquals(List.of(), binder.unused());
    binder.finish();
  }

  @Test
  void missingWeight() {
    WeightBinder binder = weights(zeros("c2.weight", 1)).binder(Axes.XYZ);
    WeightsException e = assertThrows(WeightsException.class,
        () -> binder.require("c1", "weight", "conv3d", 16, 2, 3, 3, 3));
    assertEquals("node 'c1': weight tensor 'c1.weight' missing from weights.safetensors", e.getMessage());
  }

  @Test
  void absentOptionalBias() {
    assertEquals(Optional.empty(), weights().binder(Axes.XYZ).find("c1", "bias", "conv3d", 16));
  }

  @Test
  void wrongShape() {
    WeightBinder binder = weights(zeros("c1.weight", 16, 2, 3, 3)).binder(Axes.XYZ);
    WeightsException e = assertThrows(WeightsException.class,
        () -> binder.require("c1", "weight", "conv3d", 16, 2, 3, 3, 3));
    assertEquals("weights.safetensors: 'c1.weight' has shape [16, 2, 3, 3] but conv3d c1 needs [16, 2, 3, 3, 3]",
        e.getMessage());
  }

  @Test
  void wrongShapeUnderZyxIsReportedAsStored() {
    WeightBinder binder = weights(zeros("c1.weight", 4, 1, 1, 3, 5)).binder(Axes.ZYX);
    WeightsException e = assertThrows(WeightsException.class,
        () -> binder.require("c1", "weight", "conv3d", 4, 1, 1, 3, 5));
    assertTrue(e.getMessage().endsWith("has shape [4, 1, 1, 3, 5] but conv3d c1 needs [4, 1, 5, 3, 1]"
        + " (axes: zyx, so spatial axes stored as z, y, x)"), e.getMessage());
  }

  @Test
  void unusedTensor() {
    WeightBinder binder = weights(zeros("c1.weight", 1, 1, 1, 1, 1), zeros("c3.weight", 1)).binder(Axes.XYZ);
    binder.require("c1", "weight", "conv3d", 1, 1, 1, 1, 1);
    binder.find("c2", "weight", "conv3d", 1);
    WeightsException e = assertThrows(WeightsException.class, binder::finish);
    assertEquals("weights.safetensors: tensor 'c3.weight' matches no parameter of the pipeline (did you mean c2.weight?)",
        e.getMessage());
  }

  @Test
  void severalUnusedTensors() {
    WeightBinder binder = weights(zeros("a.weight", 1), zeros("b.weight", 1)).binder(Axes.XYZ);
    assertEquals(List.of("a.weight", "b.weight"), binder.unused());
    WeightsException e = assertThrows(WeightsException.class, binder::finish);
    assertEquals("weights.safetensors: 2 tensors match no parameter of the pipeline: 'a.weight', 'b.weight'",
        e.getMessage());
  }

  @Test
  void batchNormCounterIsNeverUnused() {
    WeightBinder binder = weights(zeros("bn.num_batches_tracked"), zeros("bn.weight", 1)).binder(Axes.XYZ);
    assertEquals(List.of("bn.weight"), binder.unused());
    binder.require("bn", "weight", "batch_norm3d", 1);
    assertEquals(List.of(), binder.unused());
    binder.finish();
  }

  @Test
  void readsBatchNormStateDict() {
    Weights weights = Weights.read(GOLDEN.resolve("batchnorm.safetensors"));
    // PyTorch's int64 num_batches_tracked is skipped on reading
    assertEquals(List.of("bn.bias", "bn.running_mean", "bn.running_var", "bn.weight"), List.copyOf(weights.names()));
    WeightBinder binder = weights.binder(Axes.XYZ);
    for (String role : List.of("weight", "bias", "running_mean", "running_var")) {
      Tensor t = binder.require("bn", role, "batch_norm3d", 3);
      assertEquals("bn." + role, t.name());
      assertArrayEquals(new long[] {3}, t.shape());
      assertArrayEquals(weights.tensor("bn." + role).orElseThrow().data(), t.data());
    }
    for (float v : binder.require("bn", "running_var", "batch_norm3d", 3).data()) {
      assertTrue(v >= 0, "a variance is never negative: " + v); // the fixture stores |randn|
    }
    assertEquals(List.of(), binder.unused());
    binder.finish();
  }

  @Test
  void zyxWeightsAreTransposedToXyzAsTorchPermuteDoes() {
    // c.weight is stored (out, in, kz, ky, kx) = (2, 1, 2, 3, 4); c.weight_xyz is torch's permute(0, 1, 4, 3, 2)
    Weights weights = Weights.read(GOLDEN.resolve("zyx.safetensors"));
    Tensor xyz = weights.binder(Axes.ZYX).require("c", "weight", "conv3d", 2, 1, 4, 3, 2);
    Tensor torch = weights.tensor("c.weight_xyz").orElseThrow();
    assertArrayEquals(torch.shape(), xyz.shape());
    assertArrayEquals(torch.data(), xyz.data());
    assertEquals(weights.tensor("c.weight").orElseThrow(), xyz.toStored(Axes.ZYX));
  }

  @Test
  void xyzWeightsAreNotTransposed() {
    Tensor weight = Tensor.of("c.weight", new long[] {1, 1, 1, 1, 2}, new float[] {1, 2});
    assertEquals(weight, weights(weight).binder(Axes.XYZ).require("c", "weight", "conv3d", 1, 1, 1, 1, 2));
  }

  @Test
  void biasIsNotTransposedUnderZyx() {
    Tensor bias = Tensor.of("c.bias", new long[] {3}, new float[] {1, 2, 3});
    assertEquals(bias, weights(bias).binder(Axes.ZYX).require("c", "bias", "conv3d", 3));
  }

  @Test
  void writesAndReadsBack() {
    Weights weights = Weights.read(GOLDEN.resolve("f32.safetensors"));
    Path file = dir.resolve("saved.safetensors");
    weights.write(file, Map.of("format", "pt"));
    assertEquals(List.copyOf(weights.tensors()), List.copyOf(Weights.read(file).tensors()));
  }

  @Test
  void duplicateNamesInMemory() {
    WeightsException e = assertThrows(WeightsException.class, () -> weights(zeros("a", 1), zeros("a", 1)));
    assertEquals("weights.safetensors: two tensors named 'a'", e.getMessage());
  }
}
