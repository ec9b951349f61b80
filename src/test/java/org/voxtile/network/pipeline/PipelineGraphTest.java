package org.voxtile.network.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.network.OpRegistry;
import org.voxtile.network.Pipeline;

/** The DAG of a pipeline: order, consumers, unused nodes. */
class PipelineGraphTest {
  static PipelineGraph graph(String yaml) {
    return PipelineFile.parse(yaml, "test.yaml", Path.of("."), OpRegistry.catalogue()).graph();
  }

  static List<String> order(PipelineGraph graph) {
    return graph.topologicalOrder().stream().map(NodeSpec::name).toList();
  }

  @Test
  void designExampleRunsInFileOrder() {
    PipelineGraph graph = Pipeline.read(PipelineFileTest.RESOURCES.resolve("edge-features.yaml")).graph();
    assertEquals(List.of("smooth", "c1", "a1", "p1", "c2", "a2", "r2", "up", "skip", "out"), order(graph));
    assertEquals(List.of("smooth"), graph.consumers("t1"));
    assertEquals(List.of("p1", "skip"), graph.consumers("a1"));
    assertEquals(List.of("a2"), graph.consumers("c2"));
    assertEquals(List.of(), graph.consumers("out"));
    assertEquals(List.of(), graph.unusedNodes());
  }

  @Test
  void forwardReferencesAreOrderedAfterTheirInputs() {
    PipelineGraph graph = graph("""
        inputs: [t1]
        outputs: [sum]
        nodes:
          - {name: sum, op: add, inputs: [left, right]}
          - {name: right, op: relu, inputs: [left]}
          - {name: left, op: sigmoid, inputs: [t1]}
        """);
    assertEquals(List.of("left", "right", "sum"), order(graph));
    assertEquals(List.of("right", "sum"), graph.consumers("left"));
  }

  @Test
  void aNodeReadTwiceIsOneConsumer() {
    PipelineGraph graph = graph("inputs: [t1]\noutputs: [d]\nnodes:\n  - {name: a, op: relu}\n"
        + "  - {name: d, op: add, inputs: [a, a]}\n");
    assertEquals(List.of("d"), graph.consumers("a"));
  }

  @Test
  void unusedNodes() {
    PipelineGraph graph = graph("inputs: [t1]\noutputs: [b]\nnodes:\n  - {name: a, op: relu}\n"
        + "  - {name: b, op: relu, inputs: [t1]}\n  - {name: c, op: tanh}\n");
    assertEquals(List.of("a", "c"), graph.unusedNodes());
  }

  @Test
  void cycleIsNamedFromItsFirstNodeInTheFile() {
    PipelineException e = org.junit.jupiter.api.Assertions.assertThrows(PipelineException.class, () -> graph("""
        inputs: [t1]
        outputs: [out]
        nodes:
          - {name: out, op: relu, inputs: [t1]}
          - {name: x, op: add, inputs: [t1, z]}
          - {name: y, op: relu, inputs: [x]}
          - {name: z, op: relu, inputs: [y]}
        """));
    assertEquals("test.yaml:5: node 'x': inputs form a cycle: x -> y -> z -> x", e.getMessage());
  }
}
