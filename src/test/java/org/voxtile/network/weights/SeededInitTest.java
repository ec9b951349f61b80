package org.voxtile.network.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code init: {seed: N}}: PyTorch's default distribution, by a fixed recipe. */
class SeededInitTest {
  static final Path GOLDEN = SafetensorsTest.GOLDEN;

  @Test
  void fanInAndBoundMatchTorchModules() throws IOException {
    // one line per torch module: op, weight shape, fan_in, 1/sqrt(fan_in), max |weight|, max |bias|
    for (String line : Files.readAllLines(GOLDEN.resolve("init_bounds.txt"))) {
      String[] fields = line.split(" ");
      long[] shape = Arrays.stream(fields[1].split(",")).mapToLong(Long::parseLong).toArray();
      assertEquals(Long.parseLong(fields[2]), SeededInit.fanIn(shape), line);
      assertEquals(Double.parseDouble(fields[3]), SeededInit.bound(shape), 1e-15, line);
      assertTrue(Double.parseDouble(fields[4]) <= SeededInit.bound(shape), line);
      assertTrue(Double.parseDouble(fields[5]) <= SeededInit.bound(shape), line);
    }
  }

  @Test
  void convTransposeFanInComesFromWeightSizeOne() {
    // ConvTranspose3d(16, 8, 2): weight (16, 8, 2, 2, 2), fan_in = 8 * 8 = 64, not 16 * 8
    assertEquals(64, SeededInit.fanIn(new long[] {16, 8, 2, 2, 2}));
  }

  @Test
  void matchesTheRecipeReplayedInPython() throws IOException {
    List<Tensor> tensors = new ArrayList<>(SeededInit.conv("c1", 7, new long[] {4, 2, 3, 3, 3}, true, 4));
    tensors.addAll(SeededInit.conv("up", 7, new long[] {4, 3, 2, 2, 2}, true, 3));
    assertArrayEquals(Files.readAllBytes(GOLDEN.resolve("seeded.safetensors")), Safetensors.encode(tensors, Map.of()));
  }

  @Test
  void valuesStayWithinTheBoundAndSpreadUniformly() {
    long seed = 12345;
    long[] shape = {32, 16, 3, 3, 3};
    double bound = SeededInit.bound(shape);
    float[] values = SeededInit.uniform("c.weight", seed, shape, bound).data();
    double sum = 0;
    double squares = 0;
    int[] bins = new int[10];
    for (float value : values) {
      assertTrue(Math.abs(value) <= (float) bound, "seed " + seed + ": " + value + " outside +-" + bound);
      sum += value;
      squares += (double) value * value;
      bins[(int) Math.min(9, (value + bound) / (2 * bound) * 10)]++;
    }
    int n = values.length;
    assertEquals(0, sum / n, 4 * bound / Math.sqrt(3 * n), "seed " + seed + ": mean");
    assertEquals(bound * bound / 3, squares / n, 0.05 * bound * bound / 3, "seed " + seed + ": variance");
    for (int count : bins) {
      assertEquals(n / 10.0, count, 5 * Math.sqrt(n / 10.0), "seed " + seed + ": histogram " + Arrays.toString(bins));
    }
  }

  @Test
  void aTensorDependsOnlyOnSeedAndName() {
    long[] shape = {4, 2, 3, 3, 3};
    Tensor a = SeededInit.uniform("c1.weight", 7, shape, 0.1);
    assertEquals(a, SeededInit.uniform("c1.weight", 7, shape, 0.1));
    assertNotEquals(a, SeededInit.uniform("c2.weight", 7, shape, 0.1));
    assertNotEquals(a, SeededInit.uniform("c1.weight", 8, shape, 0.1));
  }

  @Test
  void convWithoutBias() {
    List<Tensor> tensors = SeededInit.conv("c", 1, new long[] {2, 2, 1, 1, 1}, false, 2);
    assertEquals(List.of("c.weight"), tensors.stream().map(Tensor::name).toList());
  }

  @Test
  void batchNormStartsAsIdentity() {
    List<Tensor> tensors = SeededInit.batchNorm("bn", 2);
    assertEquals(List.of("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
        tensors.stream().map(Tensor::name).toList());
    assertArrayEquals(new float[] {1, 1}, tensors.get(0).data());
    assertArrayEquals(new float[] {0, 0}, tensors.get(1).data());
    assertArrayEquals(new float[] {0, 0}, tensors.get(2).data());
    assertArrayEquals(new float[] {1, 1}, tensors.get(3).data());
  }
}
