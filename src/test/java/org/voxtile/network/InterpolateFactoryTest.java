package org.voxtile.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.ops.Interpolate;

/** interpolate from pipeline files: PyTorch's defaults, tuples in the file's axes, and its refusals. */
class InterpolateFactoryTest {
  @TempDir Path dir;

  private NetworkBuilder.Built build(String header, String node) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "name: p\ninputs: [t1]\n" + header + "nodes:\n  - {name: up, op: interpolate" + node
        + "}\noutputs: [up]\n");
    return NetworkBuilder.build(Pipeline.read(file), Optional.empty(), Map.of(), Extent.of(5, 6, 7));
  }

  private Extent shape(String header, String node) throws Exception {
    NetworkBuilder.Built b = build(header, node);
    return b.network().shapes(Extent.of(5, 6, 7)).get("up").extent();
  }

  private String error(String node) {
    return assertThrows(PipelineException.class, () -> build("", node)).getMessage().replace(dir + "/", "");
  }

  @Test
  void modeIsNearestByDefaultAndTheOutputIsTheFloorOfInputTimesScale() throws Exception {
    NetworkBuilder.Built b = build("", ", scale_factor: 2");
    assertEquals(Interpolate.Mode.NEAREST, ((Interpolate) b.network().node("up").op()).mode());
    assertEquals(Extent.of(10, 12, 14), shape("", ", scale_factor: 2"));
    assertEquals(Extent.of(7, 3, 4), shape("", ", scale_factor: [1.5, 0.5, 0.7], mode: trilinear"));
    assertEquals(Extent.of(8, 9, 10), shape("", ", size: [8, 9, 10], mode: trilinear, align_corners: true"));
  }

  @Test
  void tuplesFollowTheDeclaredAxes() throws Exception {
    assertEquals(Extent.of(3, 3, 7), shape("axes: zyx\n", ", scale_factor: [1, 0.5, 0.7], mode: nearest-exact"));
    assertEquals(Extent.of(4, 3, 2), shape("axes: zyx\n", ", size: [2, 3, 4]"));
  }

  @Test
  void badInputNamesFileLineNodeAndKey() {
    assertEquals("p.yaml:4: node 'up': size cannot be given with scale_factor: give one of them",
        error(", scale_factor: 2, size: 4"));
    assertEquals("p.yaml:4: node 'up': scale_factor missing: give scale_factor or size", error(""));
    assertEquals("p.yaml:4: node 'up': scale_factor must be a positive number or a list of 3, got 0",
        error(", scale_factor: 0"));
    assertEquals("p.yaml:4: node 'up': scale_factor must be a positive number or a list of 3, got [2, -1, 2]",
        error(", scale_factor: [2, -1, 2]"));
    assertEquals("p.yaml:4: node 'up': size must be a positive integer or a list of 3, got [4, 0, 4]",
        error(", size: [4, 0, 4]"));
    assertEquals("p.yaml:4: node 'up': mode must be one of nearest, nearest-exact, trilinear, got 'trilnear'"
        + " (did you mean trilinear?)", error(", scale_factor: 2, mode: trilnear"));
    assertEquals("p.yaml:4: node 'up': align_corners only applies to mode trilinear, not nearest"
        + " (PyTorch refuses it even when false)", error(", scale_factor: 2, align_corners: false"));
    assertEquals("p.yaml:4: node 'up': recompute_scale_factor is not meaningful with a size (PyTorch refuses it)",
        error(", size: 4, recompute_scale_factor: true"));
    assertEquals("p.yaml:4: node 'up': scale_factor gives no voxel on axis x of input 5x6x7: floor(5 * 0.1) = 0",
        error(", scale_factor: 0.1"));
  }

  @Test
  void recomputeScaleFactorUsesTheRatioOfTheSizes() throws Exception {
    // torch: 5 * 1.7 = 8 voxels; the kernel reads at 1 / 1.7 unless recomputed, then at 5 / 8
    NetworkBuilder.Built given = build("", ", scale_factor: 1.7, mode: trilinear");
    NetworkBuilder.Built recomputed = build("", ", scale_factor: 1.7, mode: trilinear, recompute_scale_factor: true");
    org.voxtile.geometry.Box last = org.voxtile.geometry.Box.of(7, 0, 0, 8, 1, 1);
    assertArrayEquals(new long[] {3, 5}, new long[] {given.network().node("up").op().requiredInput(last).min(0),
        given.network().node("up").op().requiredInput(last).max(0)});
    assertArrayEquals(new long[] {4, 5}, new long[] {recomputed.network().node("up").op().requiredInput(last).min(0),
        recomputed.network().node("up").op().requiredInput(last).max(0)});
  }
}
