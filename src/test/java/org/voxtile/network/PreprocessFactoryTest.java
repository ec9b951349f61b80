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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.ops.Regridding;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Grid;

/** Where the build knows a preprocessing node's input grid, and what it refuses by name. */
class PreprocessFactoryTest {
  private static final Grid LAS = new Grid(Extent.of(10, 8, 6), Affine.ofRowMajor(-2, 0, 0, 20, 0, 2, 0, -4, 0, 0, 2.5,
      6, 0, 0, 0, 1));

  @TempDir Path dir;

  private NetworkBuilder.Built build(String nodes) throws IOException {
    Path file = Files.writeString(dir.resolve("p.yaml"), "inputs: [t1, brain]\nnodes:\n" + nodes);
    return NetworkBuilder.build(Pipeline.read(file), Optional.empty(), Map.of(), LAS);
  }

  @Test
  void aMapOnItsInputsGridKeepsThatGrid() throws IOException {
    // relu, a 1x1x1 convolution and mask keep the grid: the resample after them starts from the scan's
    NetworkBuilder.Built built = build("""
          - {name: m, op: mask, inputs: [t1, brain]}
          - {name: a, op: relu}
          - {name: p, op: conv3d, out_channels: 1, kernel_size: 1, init: {seed: 1}}
          - {name: r, op: resample, spacing: [1, 1, 1]}
        outputs: [r]
        """);
    Grid out = ((Regridding) built.network().node("r").op()).outputGrid();
    assertEquals(Extent.of(19, 15, 14), out.extent()); // spans 18, 14, 12.5 mm: ceil(span / 1) + 1 voxels
    assertArrayEquals(new double[] {2, -4, 6}, out.affine().apply(0, 0, 0), 0);
  }

  @Test
  void aPreprocessingNodeAfterAStridedLayerIsRefusedByName() throws IOException {
    PipelineException e = assertThrows(PipelineException.class, () -> build("""
          - {name: c, op: conv3d, inputs: [t1], out_channels: 1, kernel_size: 2, stride: 2, init: {seed: 1}}
          - {name: r, op: reorient, to: LPS}
        outputs: [r]
        """));
    assertTrue(e.getMessage().contains("node 'r'") && e.getMessage().contains("to ")
        && e.getMessage().contains("'c', whose grid comes out of the network's layers"), e.getMessage());
  }

  @Test
  void aMaskOfSeveralChannelsIsRefusedByName() throws IOException {
    PipelineException e = assertThrows(PipelineException.class, () -> build("""
          - {name: both, op: concat, inputs: [t1, brain]}
          - {name: m, op: mask, inputs: [t1, both]}
        outputs: [m]
        """));
    assertTrue(e.getMessage().contains("node 'm'") && e.getMessage().contains("1-channel mask"), e.getMessage());
  }
}
