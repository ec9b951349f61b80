package org.voxtile.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Normalize;

/** instance_norm, group_norm and normalize from pipeline files: defaults and the bad-input messages. */
class NormOpBuilderTest {
  @TempDir Path dir;

  private NetworkBuilder.Built build(String nodes) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "name: p\ninputs: [t1, t2]\nnodes:\n" + nodes + "outputs: [out]\n");
    return NetworkBuilder.build(Pipeline.read(file), Optional.empty(), Map.of(), Extent.of(5, 6, 7));
  }

  private String error(String nodes) {
    return assertThrows(PipelineException.class, () -> build(nodes)).getMessage();
  }

  @Test
  void buildsTheThreeOpsWithPyTorchsDefaults() throws Exception {
    NetworkBuilder.Built b = build("""
          - {name: z, op: normalize, mask: nonzero}
          - {name: c, op: conv3d, out_channels: 8, kernel_size: 1, init: {seed: 1}}
          - {name: i, op: instance_norm}
          - {name: r, op: instance_norm, track_running_stats: true, affine: true, init: {seed: 2}}
          - {name: out, op: group_norm, num_groups: 4}
        """);
    assertInstanceOf(Normalize.class, b.network().node("z").op());
    assertInstanceOf(GroupNorm.class, b.network().node("i").op());
    assertInstanceOf(BatchNorm3d.class, b.network().node("r").op());
    // eval mode is batch norm's arithmetic, but describe and messages name the op the file names
    assertEquals("instance_norm", b.network().node("r").op().name());
    assertEquals("instance_norm", b.network().node("i").op().name());
    assertEquals(4, ((GroupNorm) b.network().node("out").op()).groups());
    assertTrue(b.weights().stream().anyMatch(t -> t.name().equals("out.weight")));
  }

  @Test
  void maskMayBeAnotherNodeGivenAsSecondInput() throws Exception {
    NetworkBuilder.Built b = build("""
          - {name: brain, op: conv3d, out_channels: 1, kernel_size: 1, inputs: [t1], init: {seed: 3}}
          - {name: out, op: normalize, inputs: [t2, brain], mask: brain, method: percentile, percentiles: [1, 99], clip: true}
        """);
    assertEquals(2, b.network().node("out").op().inputCount());
  }

  @Test
  void badInputNamesFileNodeAndKey() {
    assertEquals("p.yaml:4: node 'out': method must be one of zscore, minmax, percentile, got 'zcore' (did you mean zscore?)",
        error("  - {name: out, op: normalize, method: zcore}\n").replace(dir.toString() + "/", ""));
    assertTrue(error("  - {name: out, op: normalize, method: percentile, percentiles: [5, 101]}\n")
        .endsWith("node 'out': percentiles must be [lo, hi] with 0 <= lo < hi <= 100, got [5.0, 101.0]"));
    assertTrue(error("  - {name: out, op: normalize, method: percentile, percentiles: [50, 50]}\n")
        .contains("node 'out': percentiles must be [lo, hi]"));
    assertTrue(error("  - {name: out, op: group_norm, num_groups: 3}\n")
        .endsWith("node 'out': num_groups must divide the input's 2 channels, got 3"));
    assertTrue(error("  - {name: out, op: normalize, mask: brain}\n")
        .contains("node 'out': mask 'brain' must also be the node's second input"));
    assertEquals("p.yaml:5: node 'out': mask 'small' is 2x3x3 but the map 't2' it masks is 5x6x7 (for input "
        + "5x6x7); a mask needs the map's extent: add a pad or crop node to make them fit", error("""
          - {name: small, op: max_pool3d, kernel_size: 2, inputs: [t1]}
          - {name: out, op: normalize, inputs: [t2, small], mask: small}
        """).replace(dir.toString() + "/", ""));
  }

  @Test
  void otherInputsOfAnotherExtentKeepTheGenericMessage() {
    String add = error("""
          - {name: small, op: max_pool3d, kernel_size: 2, inputs: [t1]}
          - {name: out, op: add, inputs: [t2, small]}
        """);
    assertTrue(add.contains("node 'out': add needs equal extents") && !add.contains("mask"), add);
  }
}
