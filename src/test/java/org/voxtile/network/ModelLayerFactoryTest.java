package org.voxtile.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.network.weights.Tensor;
import org.voxtile.network.weights.Weights;
import org.voxtile.ops.PRelu;

/**
 * prelu, clamp, softmax, argmax, local_response_norm, the dropout layers and mul from pipeline
 * files: PyTorch's defaults, and each mistake reported in one line naming file, line, node and key.
 */
class ModelLayerFactoryTest {
  @TempDir Path dir;

  /** A pipeline on inputs t1, t2 (2 channels, 5x6x7) whose node on line 4 is {@code node}. */
  private NetworkBuilder.Built build(String node, Optional<Weights> weights) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "name: p\ninputs: [t1, t2]\nnodes:\n  - " + node + "\noutputs: [out]\n");
    return NetworkBuilder.build(Pipeline.read(file), weights, Map.of(), Extent.of(5, 6, 7));
  }

  private String error(String node) {
    return error(node, Optional.empty());
  }

  private String error(String node, Optional<Weights> weights) {
    return assertThrows(PipelineException.class, () -> build(node, weights)).getMessage()
        .replace(dir.toString() + "/", "");
  }

  private static Optional<Weights> file(Tensor... tensors) {
    return Optional.of(Weights.of("w.safetensors", List.of(tensors)));
  }

  @Test
  void preluSlopesStartAtPyTorchsQuarterOrComeFromTheWeightsFile() throws Exception {
    PRelu start = (PRelu) build("{name: out, op: prelu, num_parameters: 2}", Optional.empty()).network()
        .node("out").op();
    assertArrayEquals(new float[] {0.25f, 0.25f}, start.weight());
    PRelu stored = (PRelu) build("{name: out, op: prelu}",
        file(Tensor.of("out.weight", new long[] {1}, new float[] {0.7f}))).network().node("out").op();
    assertArrayEquals(new float[] {0.7f}, stored.weight());
  }

  @Test
  void aPreluWeightOfTheWrongSizeNamesNumParameters() {
    assertEquals("p.yaml:4: node 'out': num_parameters is 1 but 'out.weight' in w.safetensors has shape [3]; "
        + "a prelu weight is (num_parameters,), and num_parameters is 1 or the input's 2 channels",
        error("{name: out, op: prelu}", file(Tensor.of("out.weight", new long[] {3}, new float[3]))));
    assertEquals("p.yaml:4: node 'out': num_parameters must be 1 or the input's 2 channels, got 3",
        error("{name: out, op: prelu, num_parameters: 3}"));
  }

  @Test
  void clampNeedsABoundAndMinNotAboveMax() {
    assertEquals("p.yaml:4: node 'out': min is 2.0 but max is 1.0: min must not exceed max",
        error("{name: out, op: clamp, min: 2, max: 1}"));
    assertEquals("p.yaml:4: node 'out': min and max are both absent: clamp needs min, max or both",
        error("{name: out, op: clamp}"));
  }

  @Test
  void dropoutPMustBeAProbability() {
    for (String kind : List.of("dropout", "dropout3d", "alpha_dropout")) {
      assertEquals("p.yaml:4: node 'out': p must be in [0, 1], got 1.5",
          error("{name: out, op: " + kind + ", p: 1.5}"), kind);
    }
    assertEquals("p.yaml:4: node 'out': p must be in [0, 1], got -0.1", error("{name: out, op: dropout, p: -0.1}"));
  }

  @Test
  void unknownKeysAreRefusedWithASuggestion() {
    assertEquals("p.yaml:4: node 'out': unknown key 'trainng' for op dropout",
        error("{name: out, op: dropout, trainng: false}"));
    assertEquals("p.yaml:4: node 'out': unknown key 'num_parameter' for op prelu (did you mean num_parameters?)",
        error("{name: out, op: prelu, num_parameter: 2}"));
    assertEquals("p.yaml:4: node 'out': unknown key 'maxi' for op clamp (did you mean max?)",
        error("{name: out, op: clamp, min: 0, maxi: 1}"));
    assertEquals("p.yaml:4: node 'out': unknown key 'betta' for op local_response_norm (did you mean beta?)",
        error("{name: out, op: local_response_norm, size: 3, betta: 0.1}"));
  }

  @Test
  void headsWorkOverChannelsOnly() {
    assertEquals("p.yaml:4: node 'out': dim must be 1 (channels): voxtile applies softmax over channels only",
        error("{name: out, op: softmax, dim: 2}"));
    assertEquals("p.yaml:4: node 'out': dim must be 1 (channels): voxtile applies argmax over channels only",
        error("{name: out, op: argmax, dim: -1}"));
    assertEquals("p.yaml:4: node 'out': size missing", error("{name: out, op: local_response_norm}"));
  }

  @Test
  void mulOfUnequalExtentsOrChannelsIsRefusedLikeAdd() throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, """
        name: p
        inputs: [t1, t2]
        nodes:
          - {name: small, op: max_pool3d, kernel_size: 2, inputs: [t1]}
          - {name: out, op: mul, inputs: [t2, small]}
        outputs: [out]
        """);
    String extents = assertThrows(PipelineException.class,
        () -> NetworkBuilder.build(Pipeline.read(file), Optional.empty(), Map.of(), Extent.of(5, 6, 7))).getMessage();
    assertTrue(extents.contains("p.yaml:5: node 'out': mul needs equal extents, but 't2' is 5x6x7 and 'small' is "
        + "2x3x3"), extents);
    Files.writeString(file, """
        name: p
        inputs: [t1, t2]
        nodes:
          - {name: three, op: conv3d, out_channels: 3, kernel_size: 1, init: {seed: 1}}
          - {name: out, op: mul, inputs: [three, three, t1]}
        outputs: [out]
        """);
    String arity = assertThrows(PipelineException.class,
        () -> NetworkBuilder.build(Pipeline.read(file), Optional.empty(), Map.of(), Extent.of(5, 6, 7))).getMessage();
    assertTrue(arity.contains("node 'out'") && arity.contains("mul"), arity);
  }

  @Test
  void describeCountsTheirMacs() throws Exception {
    NetworkBuilder.Built b = build("{name: out, op: softmax}", Optional.empty());
    assertEquals(3L * 2 * 5 * 6 * 7, b.network().node("out").op().macs(Extent.of(5, 6, 7), 2));
  }
}
