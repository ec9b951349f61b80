package org.voxtile.network.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voxtile.network.OpRegistry;
import org.voxtile.network.pipeline.Axes;
import org.voxtile.network.pipeline.NodeArgs;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.onnx.proto.Onnx.TensorProto;
import org.voxtile.network.weights.Tensor;

/**
 * What an import has made so far: the voxtile nodes (in graph order) and their weight tensors,
 * which voxtile value each ONNX value became, and the channels of each, for the mappings that need
 * them. The mappings ({@link ConvMappings}, {@link LayerMappings}, {@link GroupNormPattern}) read
 * ONNX values through {@link #data} and {@link #floats} / {@link #longs} and add nodes through
 * {@link #emit}.
 */
final class ImportState {
  final OnnxGraph graph;
  private final NodeNames names;
  private final List<String> pipelineInputs;
  private final List<NodeSpec> nodes = new ArrayList<>();
  private final List<Tensor> tensors = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, Integer> channels = new HashMap<>();
  private final Set<NodeProtoKey> absorbed = new HashSet<>();
  private String stack;

  /** A node absorbed by a pattern, by identity of its first output (outputs are unique). */
  private record NodeProtoKey(String output) {}

  ImportState(OnnxGraph graph, NodeNames names, List<String> pipelineInputs) {
    this.graph = graph;
    this.names = names;
    this.pipelineInputs = List.copyOf(pipelineInputs);
  }

  /** The voxtile value (node or pipeline input) the ONNX data value {@code value} became. */
  String data(OnnxNode at, String value) {
    String mapped = values.get(value);
    if (mapped == null) {
      if (graph.constant(value).isPresent()) {
        throw at.error("input '" + value + "' is a constant where voxtile needs a feature map");
      }
      throw at.error("input '" + value + "' comes from a node voxtile did not import");
    }
    return mapped;
  }

  /** Makes the ONNX value {@code value} stand for the voxtile value {@code mapped} (a node or an input). */
  void bind(String value, String mapped, int valueChannels) {
    values.put(value, mapped);
    channels.put(mapped, valueChannels);
  }

  /** The channels of voxtile value {@code mapped}, or -1 if unknown. */
  int channels(String mapped) {
    return channels.getOrDefault(mapped, -1);
  }

  List<String> pipelineInputs() {
    return pipelineInputs;
  }

  /** The constant {@code value} as floats, checked to have {@code count} elements (-1: any). */
  float[] floats(OnnxNode at, String value, long count, String role) {
    TensorProto tensor = constant(at, value, role);
    if (!OnnxTensors.isFloat(tensor)) {
      throw at.error(role + " '" + value + "' is of type " + OnnxTensors.typeName(tensor.getDataType())
          + "; voxtile reads float32, float16 and float64 weights");
    }
    long actual = OnnxTensors.count(tensor, at.where());
    if (count >= 0 && actual != count) {
      throw at.error(role + " '" + value + "' has dims " + tensor.getDimsList() + " (" + actual
          + " values), but the op needs " + count);
    }
    return OnnxTensors.floats(tensor, at.where());
  }

  long[] longs(OnnxNode at, String value, String role) {
    return OnnxTensors.longs(constant(at, value, role), at.where());
  }

  long[] shape(OnnxNode at, String value, String role) {
    return OnnxTensors.shape(constant(at, value, role), at.where());
  }

  Optional<TensorProto> maybeConstant(String value) {
    return value.isEmpty() ? Optional.empty() : graph.constant(value);
  }

  private TensorProto constant(OnnxNode at, String value, String role) {
    if (value.isEmpty()) {
      throw at.error(role + " missing");
    }
    return graph.constant(value).orElseThrow(() -> at.error(role + " '" + value + "' is computed in the graph;"
        + " voxtile needs it as an initializer or Constant (export with do_constant_folding=True)"));
  }

  /**
   * Adds a voxtile node for ONNX node {@code at} and returns its name.
   *
   * @param op the voxtile op, which this build's op registry must know
   * @param inputs voxtile values
   * @param args the op's arguments, as a pipeline file would give them
   * @param weights the node's tensors by role ({@code weight}, {@code bias}, ...), in PyTorch's shapes
   * @param outChannels the output's channels, or -1 if unknown
   */
  String emit(OnnxNode at, String name, String op, List<String> inputs, Map<String, Object> args,
      Map<String, Tensor> weights, int outChannels) {
    if (!OpRegistry.names().contains(op)) {
      throw at.error("maps to the voxtile op '" + op + "', which this build of voxtile does not have");
    }
    inputs = unstacked(at, inputs);
    List<String> implied = nodes.isEmpty() ? pipelineInputs : List.of(nodes.get(nodes.size() - 1).name());
    String source = graph.source() + " (ONNX node '" + at.name() + "')";
    nodes.add(new NodeSpec(name, op, inputs, inputs.equals(implied), new NodeArgs(source, name, Axes.XYZ, "",
        new LinkedHashMap<>(args)), Optional.empty()));
    weights.forEach((role, t) -> tensors.add(Tensor.of(name + "." + role, t.shape(), t.data())));
    channels.put(name, outChannels);
    return name;
  }

  /**
   * A fresh node name for ONNX node {@code at}, whose result is ONNX value {@code result}: a
   * graph output's own name (so the written volume is {@code output.nii.gz} for an output named
   * {@code output}), else the module path of the node ({@link NodeNames}).
   */
  String nameFor(OnnxNode at, String result) {
    if (graph.isOutput(result) && names.isFree(result)) {
      return names.fresh(result);
    }
    return names.forNode(at.name(), at.opType());
  }

  /**
   * The input channels stacked stand for the graph input: alone, a node reads them as the
   * pipeline's inputs; beside other maps (a residual add of the input), one concat of them.
   */
  private List<String> unstacked(OnnxNode at, List<String> inputs) {
    if (!inputs.contains(OnnxImport.STACKED)) {
      return inputs;
    }
    if (inputs.size() == 1) {
      return pipelineInputs;
    }
    if (stack == null) {
      stack = emit(at, names.fresh("inputs"), "concat", List.of(OnnxImport.STACKED), Map.of(), Map.of(),
          channels(OnnxImport.STACKED));
    }
    return inputs.stream().map(i -> i.equals(OnnxImport.STACKED) ? stack : i).toList();
  }

  /** A fresh node name from {@code wanted}. */
  String freshName(String wanted) {
    return names.fresh(wanted);
  }

  /** Marks {@code node} as imported as part of a pattern, so the walk skips it. */
  void absorb(OnnxNode node) {
    absorbed.add(new NodeProtoKey(node.proto().getOutput(0)));
  }

  boolean isAbsorbed(OnnxNode node) {
    return node.proto().getOutputCount() > 0 && absorbed.contains(new NodeProtoKey(node.proto().getOutput(0)));
  }

  List<NodeSpec> nodes() {
    return nodes;
  }

  List<Tensor> tensors() {
    return tensors;
  }

  /** The last node added, whose name a graph output may replace. */
  Optional<NodeSpec> last() {
    return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(nodes.size() - 1));
  }
}
