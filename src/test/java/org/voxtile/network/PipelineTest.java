package org.voxtile.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.weights.Tensor;
import org.voxtile.network.weights.Weights;
import org.voxtile.network.weights.WeightsException;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.TileRunner;
import org.voxtile.volume.Volume;

class PipelineTest {
  @TempDir Path dir;

  private static Volume run(NetworkBuilder.Built built, Volume scan) {
    String out = built.network().outputs().get(0);
    return new TileRunner(built.network(), built.shapes())
        .run(Map.of(out, Box.of(built.shapes().get(out).extent())), InputSource.of(scan)).get(out);
  }

  private static Volume random(Extent extent, int channels, long seed) {
    Volume v = Volume.zeros(Box.of(extent), channels);
    Random r = new Random(seed);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = r.nextFloat() * 2 - 1;
    }
    return v;
  }

  @Test
  void savedWeightsRebuildTheSameNetworkBitForBit() throws IOException {
    Extent extent = Extent.of(10, 8, 6);
    Volume scan = random(extent, 2, 11);
    for (Path pipeline : NetworkBuilderTest.examplePipelines()) {
      NetworkBuilder.Built first = Pipeline.load(pipeline, Optional.empty(), Map.of(), extent);
      Path saved = dir.resolve(pipeline.getFileName() + ".safetensors");
      Pipeline.saveWeights(first, saved);
      NetworkBuilder.Built second = Pipeline.load(pipeline, Optional.of(saved), Map.of(), extent);
      assertEquals(first.weights().size(), second.weights().size(), pipeline.toString());
      for (int i = 0; i < first.weights().size(); i++) {
        assertEquals(first.weights().get(i).name(), second.weights().get(i).name());
        assertArrayEquals(first.weights().get(i).data(), second.weights().get(i).data(),
            pipeline + " " + first.weights().get(i).name());
      }
      assertArrayEquals(run(first, scan).data(), run(second, scan).data(), pipeline.toString());
    }
  }

  @Test
  void savedWeightsOfAZyxPipelineAreStoredInItsOwnOrder() throws IOException {
    Path pipeline = dir.resolve("zyx.yaml");
    Files.writeString(pipeline, """
        inputs: [t1]
        axes: zyx
        nodes:
          - {name: c, op: conv3d, out_channels: 2, kernel_size: [1, 2, 3], init: {seed: 5}}
        outputs: [c]
        """);
    Extent extent = Extent.of(7, 6, 5);
    NetworkBuilder.Built first = Pipeline.load(pipeline, Optional.empty(), Map.of(), extent);
    Path saved = dir.resolve("zyx.safetensors");
    Pipeline.saveWeights(first, saved);
    // kernel_size [1, 2, 3] is (z, y, x): stored as (out, in, kz, ky, kx) = (2, 1, 1, 2, 3)
    assertArrayEquals(new long[] {2, 1, 1, 2, 3}, Weights.read(saved).tensor("c.weight").orElseThrow().shape());
    NetworkBuilder.Built second = Pipeline.load(pipeline, Optional.of(saved), Map.of(), extent);
    Volume scan = random(extent, 1, 3);
    assertArrayEquals(run(first, scan).data(), run(second, scan).data());
  }

  @Test
  void weightsOverrideReplacesThePipelinesOwnWeights() throws IOException {
    Path pipeline = dir.resolve("p.yaml");
    Files.writeString(pipeline, """
        inputs: [t1]
        weights: missing.safetensors
        nodes:
          - {name: c, op: conv3d, out_channels: 1, kernel_size: 3, init: {seed: 5}}
        outputs: [c]
        """);
    Extent extent = Extent.cube(5);
    WeightsException e = assertThrows(WeightsException.class,
        () -> Pipeline.load(pipeline, Optional.empty(), Map.of(), extent));
    assertTrue(e.getMessage().contains("missing.safetensors"), e.getMessage());
    Path other = dir.resolve("other.safetensors");
    Weights.of(other.toString(), java.util.List.of(
        Tensor.of("c.weight", new long[] {1, 1, 3, 3, 3}, new float[27]),
        Tensor.of("c.bias", new long[] {1}, new float[] {4}))).write(other, Map.of());
    NetworkBuilder.Built built = Pipeline.load(pipeline, Optional.of(other), Map.of(), extent);
    assertEquals(4f, run(built, random(extent, 1, 1)).get(0, 1, 1, 1));
  }

  @Test
  void aWeightsFileTensorReplacesABuiltInKernel() throws IOException {
    // regression: built-in kernels ignored the weights file, so a --save-weights file of a
    // pipeline with built-in kernels failed to reload ("matches no parameter of the pipeline")
    Path pipeline = dir.resolve("g.yaml");
    Files.writeString(pipeline, """
        inputs: [t1]
        nodes:
          - {name: g, op: conv3d, out_channels: 1, kernel_size: 3, padding: 1, init: {kernel: gaussian, sigma: 1.0}}
        outputs: [g]
        """);
    float[] centre = new float[27];
    centre[13] = 2;
    Path file = dir.resolve("g.safetensors");
    Weights.of(file.toString(), java.util.List.of(Tensor.of("g.weight", new long[] {1, 1, 3, 3, 3}, centre)))
        .write(file, Map.of());
    Extent extent = Extent.cube(4);
    Volume scan = random(extent, 1, 2);
    Volume out = run(Pipeline.load(pipeline, Optional.of(file), Map.of(), extent), scan);
    assertEquals(2 * scan.get(0, 1, 2, 3), out.get(0, 1, 2, 3));
  }
}
