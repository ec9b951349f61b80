package org.voxtile.network.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.voxtile.network.OpRegistry;
import org.voxtile.network.Pipeline;
import org.voxtile.ops.PoolMode;

/** Reading pipeline files: the design's example, JSON, and one test per error a user can make. */
class PipelineFileTest {
  static final Path RESOURCES = Path.of("src/test/resources/network");

  static PipelineSpec parse(String yaml) {
    return PipelineFile.parse(yaml, "test.yaml", Path.of("/conf"), OpRegistry.catalogue());
  }

  /**
   * The message of the PipelineException parsing {@code yaml} throws; it always starts with the
   * file, and with the file and line for an error in a node.
   */
  static String error(String yaml) {
    PipelineException e = assertThrows(PipelineException.class, () -> parse(yaml));
    assertTrue(e.getMessage().matches("(?s)test\\.yaml(:\\d+)?: .*"), e.getMessage());
    return e.getMessage();
  }

  static final String HEAD = "inputs: [t1, t2]\noutputs: [out]\nnodes:\n";

  // ---- well-formed files ----

  @Test
  void readsTheDesignExample() {
    PipelineSpec spec = Pipeline.read(RESOURCES.resolve("edge-features.yaml"));
    assertEquals("edge-features", spec.name());
    assertEquals(List.of("t1", "t2"), spec.inputs());
    assertEquals(Axes.XYZ, spec.axes());
    assertEquals(Optional.of(RESOURCES.toAbsolutePath().resolve("weights.safetensors")), spec.weights());
    assertEquals(List.of("smooth", "c1", "a1", "p1", "c2", "a2", "r2", "up", "skip", "out"),
        spec.nodes().stream().map(NodeSpec::name).toList());
    assertEquals(List.of("out"), spec.outputs());
    assertEquals(Optional.of(new FeatureSpec("c2", List.of(1, 2, 4), PoolMode.MAX)), spec.features());

    NodeSpec smooth = spec.node("smooth");
    assertEquals(List.of("t1", "t2"), smooth.inputs(), "the first node reads the pipeline inputs");
    assertTrue(smooth.inputsImplied());
    assertEquals(Optional.of("gaussian"), smooth.init().orElseThrow().kernel());
    assertEquals(1.0, smooth.init().orElseThrow().params().reader().real("sigma"));
    assertEquals(List.of("smooth"), spec.node("c1").inputs(), "a node reads the previous one");
    assertEquals(List.of("a2", "p1"), spec.node("r2").inputs());
    assertFalse(spec.node("r2").inputsImplied());
    assertEquals(List.of("skip"), spec.node("out").inputs());

    ArgReader c2 = spec.node("c2").args().reader();
    assertEquals(16, c2.positiveInteger("out_channels"));
    assertEquals(Triple.of(3), c2.intTriple("kernel_size", 1));
    assertEquals(Triple.of(2), c2.intTriple("padding", 0, Triple.of(0)));
    assertEquals(Triple.of(2), c2.intTriple("dilation", 1, Triple.of(1)));
    assertEquals(Triple.of(1), c2.intTriple("stride", 1, Triple.of(1)));
    assertEquals(1, c2.positiveInteger("groups", 1));
    c2.finish("conv3d");
  }

  @Test
  void nodeErrorsNameTheLineOfTheNode() {
    Path file = RESOURCES.resolve("edge-features.yaml");
    ArgReader c2 = Pipeline.read(file).node("c2").args().reader();
    PipelineException e = assertThrows(PipelineException.class, () -> c2.finish("conv3d"));
    assertEquals(file + ":11: node 'c2': unknown key 'out_channels' for op conv3d", e.getMessage());
  }

  @Test
  void jsonPipelinesRefuseTrailingCommasThatYamlWouldAccept() {
    String json = "{\"inputs\": [\"t1\"],\n \"nodes\": [{\"name\": \"a, ]\", \"op\": \"relu\"}],\n"
        + " \"outputs\": [\"a, ]\"],\n}";
    PipelineException e = assertThrows(PipelineException.class,
        () -> PipelineFile.parse(json, "p.json", Path.of("."), OpRegistry.catalogue()));
    assertEquals("p.json:3: trailing comma before '}': not JSON (a .json pipeline must be strict JSON; a .yaml one "
        + "may have it)", e.getMessage());
    String yaml = "inputs: [t1,]\nnodes: [{name: a, op: relu},]\noutputs: [a]\n";
    assertEquals(List.of("t1"), parse(yaml).inputs(), "YAML 1.2 allows it");
  }

  @Test
  void pipelineFilesAreReadOnlyUpToTheirSizeLimit(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path big = java.nio.file.Files.writeString(dir.resolve("big.yaml"),
        "inputs: [t1]\n" + "#".repeat(PipelineFile.MAX_FILE_BYTES));
    PipelineException e = assertThrows(PipelineException.class, () -> Pipeline.read(big));
    assertEquals(big + ": more than " + PipelineFile.MAX_FILE_BYTES
        + " bytes; a pipeline file is a few kilobytes of YAML or JSON", e.getMessage());
  }

  /**
   * A pipeline is configuration its user wrote, as trusted as the command line: its weights may
   * live anywhere the user can read, so {@code ../} and absolute paths are allowed (and only ever
   * read, never written).
   */
  @Test
  void weightsMayLieOutsideThePipelineDirectory() {
    String nodes = "inputs: [t1]\nnodes: [{name: a, op: relu}]\noutputs: [a]\n";
    Path conf = Path.of("/work/conf");
    assertEquals(Optional.of(Path.of("/work/models/w.safetensors")),
        PipelineFile.parse("weights: ../models/w.safetensors\n" + nodes, "p.yaml", conf, OpRegistry.catalogue()).weights());
    assertEquals(Optional.of(Path.of("/data/w.safetensors")),
        PipelineFile.parse("weights: /data/w.safetensors\n" + nodes, "p.yaml", conf, OpRegistry.catalogue()).weights());
  }

  @Test
  void readsJson() {
    PipelineSpec spec = Pipeline.read(RESOURCES.resolve("small.json"));
    assertEquals("small", spec.name());
    assertEquals(Axes.ZYX, spec.axes());
    assertEquals(Optional.empty(), spec.weights());
    assertEquals(7L, spec.node("c1").init().orElseThrow().seed().getAsLong());
    assertEquals(new Triple(5, 3, 1), spec.node("c1").args().reader().intTriple("kernel_size", 1),
        "axes: zyx reverses tuples to (x, y, z)");
    assertEquals(0.1, spec.node("a1").args().reader().real("negative_slope"));
  }

  @Test
  void defaultsNameAxesAndSingleNames() {
    PipelineSpec spec = PipelineFile.parse("inputs: t1\nnodes: [{name: a, op: relu}]\noutputs: a\n",
        "conf/just-relu.yaml", Path.of("conf"), OpRegistry.catalogue());
    assertEquals("just-relu", spec.name());
    assertEquals(Axes.XYZ, spec.axes());
    assertEquals(List.of("t1"), spec.inputs());
    assertEquals(List.of("a"), spec.outputs());
  }

  @Test
  void featuresWithoutOutputs() {
    PipelineSpec spec = parse("inputs: [t1]\nnodes: [{name: c, op: relu}]\nfeatures: {from: c, spp: {mode: avg}}\n");
    assertEquals(List.of(), spec.outputs());
    assertEquals(new FeatureSpec("c", List.of(1, 2, 4), PoolMode.AVG), spec.features().orElseThrow());
    assertEquals(1 + 8 + 64, spec.features().orElseThrow().binsPerChannel());
  }

  @Test
  void opCatalogueIsAParameter() {
    String yaml = "inputs: [t1]\noutputs: [s]\nnodes: [{name: s, op: sobel}]\n";
    assertTrue(error(yaml).contains("unknown op 'sobel'"));
    PipelineSpec spec = PipelineFile.parse(yaml, "test.yaml", Path.of("."), OpCatalogue.of(Set.of("sobel")));
    assertEquals("sobel", spec.node("s").op());
  }

  @Test
  void forwardReferencesAreFine() {
    PipelineSpec spec = parse(HEAD + """
          - {name: out, op: add, inputs: [a, b]}
          - {name: a, op: relu, inputs: [t1]}
          - {name: b, op: relu, inputs: [t2]}
        """);
    assertEquals(List.of("a", "b", "out"), spec.graph().topologicalOrder().stream().map(NodeSpec::name).toList());
  }

  // ---- errors: one test each ----

  @Test
  void notYaml() {
    assertTrue(error("inputs: [t1\n").contains("not valid YAML"));
  }

  @Test
  void duplicateYamlKey() {
    assertTrue(error("inputs: [t1]\ninputs: [t2]\n").contains("found duplicate key inputs"));
  }

  @Test
  void classTagsConstructNothing() {
    String message = error("inputs: !!python/object/apply:os.system [ls]\n");
    assertTrue(message.contains("could not determine a constructor"), message);
  }

  @Test
  void emptyFile() {
    assertEquals("test.yaml: empty pipeline file", error(""));
  }

  @Test
  void unknownTopLevelKey() {
    assertEquals("test.yaml: unknown top-level key 'output' (did you mean outputs?)",
        error("inputs: [t1]\nnodes: [{name: a, op: relu}]\noutput: [a]\n"));
  }

  @Test
  void missingNodes() {
    assertEquals("test.yaml: nodes missing", error("inputs: [t1]\noutputs: [a]\n"));
    assertTrue(error("inputs: [t1]\noutputs: [a]\nnodes: []\n").contains("nodes must be a non-empty list"));
  }

  @Test
  void missingInputs() {
    assertEquals("test.yaml: inputs missing", error("nodes: [{name: a, op: relu}]\noutputs: [a]\n"));
  }

  @Test
  void missingOutputs() {
    assertEquals("test.yaml: outputs missing: name the nodes to write, e.g. outputs: [a]",
        error("inputs: [t1]\nnodes: [{name: a, op: relu}]\n"));
  }

  @Test
  void badAxes() {
    assertEquals("test.yaml: axes must be xyz or zyx, got 'xzy'",
        error("axes: xzy\n" + HEAD + "  - {name: out, op: relu}\n"));
  }

  @Test
  void unknownOp() {
    assertEquals("test.yaml:4: node 'c1': unknown op 'conv3' (did you mean conv3d?)",
        error(HEAD + "  - {name: c1, op: conv3, kernel_size: 3}\n  - {name: out, op: relu}\n"));
  }

  @Test
  void missingOp() {
    assertEquals("test.yaml:4: node 'out': op missing", error(HEAD + "  - {name: out}\n"));
  }

  @Test
  void missingNodeName() {
    assertEquals("test.yaml:5: nodes[1]: name missing", error(HEAD + "  - {name: out, op: relu}\n  - {op: relu}\n"));
  }

  @Test
  void invalidNodeName() {
    assertTrue(error(HEAD + "  - {name: 'a b', op: relu}\n").contains("nodes[0].name: 'a b' is not a valid name"));
    assertTrue(error(HEAD + "  - {name: 0, op: relu}\n").contains("(quote numeric names: '0')"));
  }

  @Test
  void duplicateNode() {
    assertEquals("test.yaml:5: node 'out': duplicate node name",
        error(HEAD + "  - {name: out, op: relu}\n  - {name: out, op: sigmoid}\n"));
  }

  @Test
  void nodeNamedLikeAnInput() {
    assertEquals("test.yaml:4: node 't2': name collides with the pipeline input 't2'",
        error(HEAD + "  - {name: t2, op: relu}\n  - {name: out, op: relu}\n"));
  }

  @Test
  void duplicateInput() {
    assertEquals("test.yaml: inputs: 't1' appears twice", error("inputs: [t1, t1]\nnodes: [{name: a, op: relu}]\noutputs: [a]\n"));
  }

  @Test
  void danglingInput() {
    assertEquals("test.yaml:5: node 'out': inputs: 'c' is neither a node nor a pipeline input (did you mean c1?)",
        error(HEAD + "  - {name: c1, op: relu}\n  - {name: out, op: add, inputs: [c1, c]}\n"));
  }

  @Test
  void cycle() {
    assertEquals("test.yaml:4: node 'a': inputs form a cycle: a -> b -> c -> a", error(HEAD + """
          - {name: a, op: relu, inputs: [c]}
          - {name: b, op: relu}
          - {name: c, op: relu}
          - {name: out, op: add, inputs: [t1, c]}
        """));
  }

  @Test
  void selfLoop() {
    assertEquals("test.yaml:4: node 'out': inputs form a cycle: out -> out",
        error(HEAD + "  - {name: out, op: add, inputs: [t1, out]}\n"));
  }

  @Test
  void unknownFeaturesFrom() {
    assertEquals("test.yaml: features.from: 'c3' is not a node (did you mean c2?)",
        error("inputs: [t1]\nnodes: [{name: c2, op: relu}]\nfeatures: {from: c3, spp: {levels: [1]}}\n"));
  }

  @Test
  void badFeatures() {
    assertEquals("test.yaml: unknown key 'level' in features.spp (did you mean levels?)",
        error("inputs: [t1]\nnodes: [{name: c, op: relu}]\nfeatures: {from: c, spp: {level: [1]}}\n"));
    assertEquals("test.yaml: features.spp.mode must be max or avg, got 'mean'",
        error("inputs: [t1]\nnodes: [{name: c, op: relu}]\nfeatures: {from: c, spp: {mode: mean}}\n"));
    assertEquals("test.yaml: features.spp.levels must be a non-empty list of positive integers, got [0, 2]",
        error("inputs: [t1]\nnodes: [{name: c, op: relu}]\nfeatures: {from: c, spp: {levels: [0, 2]}}\n"));
  }

  @Test
  void badInit() {
    assertEquals("test.yaml:4: node 'out': init must give either kernel or seed, not both",
        error(HEAD + "  - {name: out, op: conv3d, init: {seed: 1, kernel: box}}\n"));
    assertEquals("test.yaml:4: node 'out': init.seed must be an integer, got 'x'",
        error(HEAD + "  - {name: out, op: conv3d, init: {seed: x}}\n"));
    assertEquals("test.yaml:4: node 'out': unknown key 'init.sigma' for a seeded init, which takes only seed",
        error(HEAD + "  - {name: out, op: conv3d, init: {seed: 1, sigma: 2}}\n"));
  }

  @Test
  void badNodeInputs() {
    assertTrue(error(HEAD + "  - {name: out, op: add, inputs: []}\n").contains("node 'out': inputs must be"));
  }

  @Test
  void missingFile() {
    PipelineException e = assertThrows(PipelineException.class, () -> Pipeline.read(Path.of("no/such.yaml")));
    assertEquals("no/such.yaml: no such file", e.getMessage());
  }
}
