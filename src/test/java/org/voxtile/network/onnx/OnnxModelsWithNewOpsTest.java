package org.voxtile.network.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.tiling.CutChoice;
import org.voxtile.volume.Volume;

/**
 * The exported architectures that need the ops issue 13 adds on other branches (softmax, prelu,
 * mul, interpolate): MONAI-BasicUNet-style (prelu, max-pool, transposed conv, softmax head),
 * SegResNet-style (group norm, trilinear upsampling with align_corners false) and an attention
 * gate (sigmoid, nearest upsampling, a 1-channel map times C channels). As {@link OnnxModelsTest}:
 * within 1e-4 of PyTorch's largest float64 output, and tiled == whole bit for bit.
 *
 * <p>Written on the import branch before those ops were merged: where the registry still lacks
 * one, the models test is skipped, naming the missing ops (their import is refused naming the
 * ONNX node and the op it maps to). Once all are merged, nothing is skipped.
 */
class OnnxModelsWithNewOpsTest {
  @ParameterizedTest
  @ValueSource(strings = {"basicunet", "segresnet", "attention_gate", "seghead", "alexnet_stem"})
  void matchesPyTorchWholeAndTiledBitForBit(String name) {
    OnnxFixtures.Model model = OnnxFixtures.model(name);
    assertTrue(model.newOps(), name + " is marked new-ops in the manifest");
    NetworkBuilder.Built built = OnnxFixtures.build(model);
    Volume input = model.input();
    Volume whole = OnnxFixtures.whole(built.network(), input);
    assertEquals(model.out()[0], whole.channels(), name + ": output channels");
    OnnxFixtures.assertClose(model.expected(), whole.data(), OnnxModelsTest.TOLERANCE, name);
    for (CutChoice choice : List.of(CutChoice.RECOMPUTE, CutChoice.MATERIALISE)) {
      Volume tiled = OnnxFixtures.tiled(built.network(), input, Extent.of(4, 4, 4), choice);
      OnnxFixtures.assertSameBits(whole, tiled, name + " tiled, " + choice);
    }
  }

  /** An ArgMax output is imported as a label map: written as uint8, and so in the pipeline file. */
  @Test
  void anArgmaxOutputIsImportedAsAUint8LabelMap() {
    OnnxImport.Imported imported = OnnxImport.read(OnnxFixtures.model("seghead").onnx(), List.of());
    String labels = imported.spec().outputs().get(0);
    assertEquals(org.voxtile.network.pipeline.OutputDatatype.UINT8, imported.spec().outputDatatype(labels));
    String yaml = org.voxtile.network.pipeline.PipelineWriter.yaml(imported.spec(), java.util.Optional.of("seghead.safetensors"), List.of());
    assertTrue(yaml.contains("outputs: [{node: " + labels + ", datatype: uint8}]"), yaml);
  }

  /**
   * torch 1.13 exports nn.LocalResponseNorm on a 5D map as about sixty nodes (Shape, Gather,
   * ConstantOfShape, Pad, AveragePool, an If with subgraphs, Pow, Div) rather than ONNX's LRN op;
   * the importer recognises them as one local_response_norm with the module's size, alpha, beta, k.
   */
  @Test
  void theAlexNetStemsLocalResponseNormExportIsImportedAsOneNode() {
    OnnxImport.Imported imported = OnnxImport.read(OnnxFixtures.model("alexnet_stem").onnx(), List.of());
    List<String> ops = imported.spec().nodes().stream().map(n -> n.op()).toList();
    assertEquals(1, ops.stream().filter(op -> op.equals("local_response_norm")).count(), ops.toString());
    assertTrue(!ops.contains("mul"), "the square and the scaling are inside the pattern: " + ops);
  }

}
