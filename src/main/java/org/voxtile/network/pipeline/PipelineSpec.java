package org.voxtile.network.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline file as written, checked for form (keys, types, op names) by {@link PipelineFile}
 * and for structure (names, references, cycles) by {@link #graph()}. Knows nothing of shapes or
 * weights: those need the ops.
 *
 * @param source the file, as named in messages
 * @param name the pipeline's name
 * @param inputs the input channel names, bound to files on the command line, in stacking order
 * @param axes the order of tuples and weight axes in the file
 * @param weights the weights file, resolved against the pipeline file's directory, if any
 * @param nodes the nodes in file order
 * @param outputs the nodes written as volumes; may be empty when {@code features} is present
 * @param features the feature vector asked for, if any
 */
public record PipelineSpec(String source, String name, List<String> inputs, Axes axes, Optional<Path> weights,
    List<NodeSpec> nodes, List<String> outputs, Optional<FeatureSpec> features) {
  public PipelineSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(weights, "weights");
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(features, "features");
  }

  /**
   * The node named {@code name}.
   *
   * @throws PipelineException if there is none
   */
  public NodeSpec node(String name) {
    for (NodeSpec node : nodes) {
      if (node.name().equals(name)) {
        return node;
      }
    }
    throw PipelineException.atFile(source, "no node named '" + name + "'"
        + Spelling.suggestion(name, nodes.stream().map(NodeSpec::name).toList()));
  }

  /** True when {@code name} is a pipeline input (a channel), not a node. */
  public boolean isInput(String name) {
    return inputs.contains(name);
  }

  /**
   * The DAG of this pipeline, validated.
   *
   * @throws PipelineException on a duplicate name, a dangling reference or a cycle
   */
  public PipelineGraph graph() {
    return PipelineGraph.of(this);
  }
}
