package org.voxtile.network.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param outputDatatypes the datatype of every output, in the order of {@code outputs}; an output
 *     missing from the map given is float32
 */
public record PipelineSpec(String source, String name, List<String> inputs, Axes axes, Optional<Path> weights,
    List<NodeSpec> nodes, List<String> outputs, Optional<FeatureSpec> features,
    Map<String, OutputDatatype> outputDatatypes, Inference inference) {
  public PipelineSpec {
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(weights, "weights");
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(features, "features");
    if (!outputs.containsAll(outputDatatypes.keySet())) {
      throw new IllegalArgumentException("datatypes given for nodes that are not outputs: " + outputDatatypes.keySet()
          + " of " + outputs);
    }
    Map<String, OutputDatatype> complete = new LinkedHashMap<>();
    for (String output : outputs) {
      complete.put(output, outputDatatypes.getOrDefault(output, OutputDatatype.FLOAT32));
    }
    outputDatatypes = Collections.unmodifiableMap(complete);
  }

  /** A pipeline applied to the whole volume ({@code inference: {mode: whole}}, the default). */
  public PipelineSpec(String source, String name, List<String> inputs, Axes axes, Optional<Path> weights,
      List<NodeSpec> nodes, List<String> outputs, Optional<FeatureSpec> features,
      Map<String, OutputDatatype> outputDatatypes) {
    this(source, name, inputs, axes, weights, nodes, outputs, features, outputDatatypes, Inference.WHOLE);
  }

  /** This pipeline applied as {@code value} says (the file's inference with the command line's flags). */
  public PipelineSpec withInference(Inference value) {
    return new PipelineSpec(source, name, inputs, axes, weights, nodes, outputs, features, outputDatatypes, value);
  }

  /** A pipeline whose outputs are all float32, as code that builds pipelines (not from a file) mostly wants. */
  public PipelineSpec(String source, String name, List<String> inputs, Axes axes, Optional<Path> weights,
      List<NodeSpec> nodes, List<String> outputs, Optional<FeatureSpec> features) {
    this(source, name, inputs, axes, weights, nodes, outputs, features, Map.of());
  }

  /**
   * The datatype {@code output} is written in.
   *
   * @throws IllegalArgumentException if it is not an output
   */
  public OutputDatatype outputDatatype(String output) {
    OutputDatatype datatype = outputDatatypes.get(output);
    if (datatype == null) {
      throw new IllegalArgumentException("'" + output + "' is not an output of " + source + ": " + outputs);
    }
    return datatype;
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
