package org.voxtile.network.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voxtile.network.pipeline.PipelineFileTest.error;
import static org.voxtile.network.pipeline.PipelineFileTest.parse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.network.OpRegistry;

/**
 * {@code outputs:} in a pipeline file: node names, written as float32, or {@code {node, datatype}}
 * for label maps; every mistake is one line naming the file, the line of the entry and the key.
 */
class OutputListTest {
  static final String NODES = "inputs: [t1]\nnodes:\n  - {name: probs, op: sigmoid}\n  - {name: labels, op: relu}\n";

  @Test
  void namesAndMappingsMix() {
    PipelineSpec spec = parse(NODES + "outputs: [probs, {node: labels, datatype: uint8}]\n");
    assertEquals(List.of("probs", "labels"), spec.outputs(), "outputs stay a list of node names");
    assertEquals(OutputDatatype.FLOAT32, spec.outputDatatype("probs"));
    assertEquals(OutputDatatype.UINT8, spec.outputDatatype("labels"));
    assertEquals(List.of("probs", "labels"), List.copyOf(spec.outputDatatypes().keySet()), "in outputs order");
  }

  @Test
  void everyDatatypeByItsNiftiName() {
    for (OutputDatatype type : OutputDatatype.values()) {
      PipelineSpec spec = parse(NODES + "outputs: [{node: labels, datatype: " + type.label() + "}]\n");
      assertEquals(type, spec.outputDatatype("labels"));
    }
  }

  @Test
  void aMappingWithoutDatatypeIsFloat32AndOneMappingNeedsNoList() {
    assertEquals(OutputDatatype.FLOAT32, parse(NODES + "outputs: [{node: labels}]\n").outputDatatype("labels"));
    PipelineSpec single = parse(NODES + "outputs: {node: labels, datatype: int16}\n");
    assertEquals(List.of("labels"), single.outputs());
    assertEquals(OutputDatatype.INT16, single.outputDatatype("labels"));
  }

  @Test
  void jsonPipelinesTakeTheSameMappings() {
    String json = "{\"inputs\": [\"t1\"], \"nodes\": [{\"name\": \"labels\", \"op\": \"relu\"}],\n"
        + " \"outputs\": [{\"node\": \"labels\", \"datatype\": \"int16\"}]}";
    PipelineSpec spec = PipelineFile.parse(json, "p.json", Path.of("."), OpRegistry.catalogue());
    assertEquals(OutputDatatype.INT16, spec.outputDatatype("labels"));
  }

  @Test
  void specsBuiltInCodeWriteFloat32UnlessTold() {
    PipelineSpec spec = parse(NODES + "outputs: [probs, labels]\n");
    PipelineSpec built = new PipelineSpec("code", "n", spec.inputs(), Axes.XYZ, Optional.empty(), spec.nodes(),
        List.of("labels"), Optional.empty());
    assertEquals(OutputDatatype.FLOAT32, built.outputDatatype("labels"));
    assertThrows(IllegalArgumentException.class, () -> built.outputDatatype("probs"), "not an output");
    assertThrows(IllegalArgumentException.class, () -> new PipelineSpec("code", "n", spec.inputs(), Axes.XYZ,
        Optional.empty(), spec.nodes(), List.of("labels"), Optional.empty(), Map.of("probs", OutputDatatype.UINT8)));
  }

  @Test
  void integerTypesHoldWholeNumbersInTheirRangeOnly() {
    assertTrue(OutputDatatype.UINT8.holdsExactly(255f));
    assertTrue(OutputDatatype.UINT8.holdsExactly(-0f), "-0 is the label 0");
    assertFalse(OutputDatatype.UINT8.holdsExactly(256f));
    assertFalse(OutputDatatype.UINT8.holdsExactly(-1f));
    assertFalse(OutputDatatype.UINT8.holdsExactly(0.5f));
    assertFalse(OutputDatatype.UINT8.holdsExactly(Float.NaN));
    assertFalse(OutputDatatype.INT16.holdsExactly(Float.NEGATIVE_INFINITY));
    assertTrue(OutputDatatype.INT16.holdsExactly(-32768f));
    assertFalse(OutputDatatype.INT16.holdsExactly(32768f));
    assertTrue(OutputDatatype.INT8.holdsExactly(-128f));
    assertTrue(OutputDatatype.UINT16.holdsExactly(65535f));
    assertFalse(OutputDatatype.INT32.holdsExactly(0x1p31f), "2^31 is just past int32");
    assertTrue(OutputDatatype.INT32.holdsExactly(-0x1p31f));
    assertTrue(OutputDatatype.FLOAT32.holdsExactly(Float.NaN), "float32 outputs keep NaN as today");
  }

  // ---- mistakes ----

  @Test
  void unknownDatatypeNamesTheLineAndKey() {
    assertEquals("test.yaml:7: outputs[1].datatype: 'uint9' is not a datatype voxtile writes; expected one of "
        + "float32, uint8, int8, int16, uint16, int32 (did you mean uint8?)",
        error(NODES + "outputs:\n  - probs\n  - {node: labels, datatype: uint9}\n"));
    assertEquals("test.yaml:5: outputs[0].datatype: 8 is not a datatype voxtile writes; expected one of "
        + "float32, uint8, int8, int16, uint16, int32",
        error(NODES + "outputs: [{node: labels, datatype: 8}]\n"));
  }

  @Test
  void unknownKeyNamesTheLineAndKey() {
    assertEquals("test.yaml:5: unknown key 'datatyp' in outputs[0] (did you mean datatype?)",
        error(NODES + "outputs: [{node: labels, datatyp: uint8}]\n"));
    assertEquals("test.yaml:5: unknown key 'dtype' in outputs[0]", error(NODES + "outputs: [{node: labels, dtype: uint8}]\n"));
    assertEquals("test.yaml:5: outputs[0].node missing", error(NODES + "outputs: [{datatype: uint8}]\n"));
  }

  @Test
  void anOutputThatIsNoNodeNamesTheLine() {
    assertEquals("test.yaml:7: outputs: 'lables' is not a node (did you mean labels?)",
        error(NODES + "outputs:\n  - probs\n  - {node: lables, datatype: uint8}\n"));
    assertEquals("test.yaml:2: outputs: 'ot' is not a node (did you mean out?)",
        error("inputs: [t1]\noutputs: [ot]\nnodes: [{name: out, op: relu}]\n"));
    assertEquals("test.yaml:2: outputs: 't1' is not a node but a pipeline input",
        error("inputs: [t1]\noutputs: t1\nnodes: [{name: out, op: relu}]\n"));
  }

  @Test
  void otherShapesOfEntryAndRepeats() {
    assertEquals("test.yaml:5: outputs[0] must be a node name or {node: ..., datatype: ...}, got [labels]",
        error(NODES + "outputs: [[labels]]\n"));
    assertEquals("test.yaml:5: outputs: 'labels' appears twice",
        error(NODES + "outputs: [labels, {node: labels, datatype: uint8}]\n"));
    assertEquals("test.yaml: outputs must be a non-empty list of node names or {node: ..., datatype: ...}, got []",
        error(NODES + "outputs: []\n"));
  }
}
