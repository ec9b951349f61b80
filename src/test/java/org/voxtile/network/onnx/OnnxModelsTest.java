package org.voxtile.network.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.voxtile.network.pipeline.NodeSpec;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.tiling.CutChoice;
import org.voxtile.volume.Volume;

/**
 * Real architectures exported by torch.onnx.export (make_onnx_fixtures.py) run as PyTorch ran
 * them: imported and run whole, voxtile is within 1e-4 of the largest output of PyTorch's float64
 * result, and tiled in stages it gives the whole run's bits. These models need only the ops this
 * build has; those needing the ops of issue 13's other parts are in {@code OnnxModelsWithNewOpsTest}.
 */
class OnnxModelsTest {
  static final double TOLERANCE = 1e-4;

  @ParameterizedTest
  @ValueSource(strings = {"nnunet", "nnunet_opset11", "nnunet_fixed", "segres_block"})
  void matchesPyTorchWholeAndTiledBitForBit(String name) {
    OnnxFixtures.Model model = OnnxFixtures.model(name);
    NetworkBuilder.Built built = OnnxFixtures.build(model);
    Volume input = model.input();
    Volume whole = OnnxFixtures.whole(built.network(), input);
    assertEquals(model.out()[0], whole.channels(), name + ": output channels");
    OnnxFixtures.assertClose(model.expected(), whole.data(), TOLERANCE, name);
    for (CutChoice choice : List.of(CutChoice.RECOMPUTE, CutChoice.MATERIALISE)) {
      Volume tiled = OnnxFixtures.tiled(built.network(), input, Extent.of(4, 4, 4), choice);
      OnnxFixtures.assertSameBits(whole, tiled, name + " tiled, " + choice);
    }
  }

  @Test
  void torchsGroupNormPatternBecomesOneGroupNormNamedByItsModule() {
    OnnxImport.Imported imported = OnnxImport.read(OnnxFixtures.model("segres_block").onnx(), List.of());
    String nodes = imported.spec().nodes().stream().map(n -> n.name() + ":" + n.op()).collect(Collectors.joining(" "));
    assertEquals("stem:conv3d b0.n1:group_norm b0.relu:relu b0.c1:conv3d b0.n2:group_norm b0.relu_1:relu b0.c2:conv3d"
        + " b0.add:add plain:group_norm head.0:group_norm head.1:relu output:conv3d", nodes);
    NodeSpec plain = imported.spec().node("plain");
    assertEquals(java.util.Map.of("num_groups", 4, "affine", false), plain.args().values());
    assertEquals(List.of(4L), java.util.Arrays.stream(imported.weights().tensor("b0.n1.weight").orElseThrow().shape())
        .boxed().toList());
    assertEquals(List.of("input_0", "input_1"), imported.spec().inputs(), "two channels, named by default");
  }
}
