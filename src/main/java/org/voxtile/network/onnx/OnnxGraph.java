package org.voxtile.network.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voxtile.network.onnx.proto.Onnx.AttributeProto;
import org.voxtile.network.onnx.proto.Onnx.GraphProto;
import org.voxtile.network.onnx.proto.Onnx.NodeProto;
import org.voxtile.network.onnx.proto.Onnx.TensorProto;
import org.voxtile.network.onnx.proto.Onnx.ValueInfoProto;

/**
 * An ONNX graph as the importer walks it: the constant values (initializers and Constant nodes),
 * the data input, who produces and who consumes each value, and the nodes the outputs need in
 * an order where every node comes after its producers. Structural faults are refused here, by
 * node: a value produced twice, an input no node, initializer or graph input gives (a missing
 * initializer), and cycles.
 */
final class OnnxGraph {
  private final String source;
  private final int opset;
  private final GraphProto graph;
  private final Map<String, TensorProto> constants = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final List<ValueInfoProto> dataInputs = new ArrayList<>();
  private final List<OnnxNode> order;

  OnnxGraph(String source, int opset, GraphProto graph) {
    this.source = source;
    this.opset = opset;
    this.graph = graph;
    for (TensorProto initializer : graph.getInitializerList()) {
      if (constants.put(initializer.getName(), initializer) != null) {
        throw new OnnxException(source + ": two initializers named '" + initializer.getName() + "'");
      }
    }
    for (ValueInfoProto input : graph.getInputList()) {
      if (!constants.containsKey(input.getName())) { // older exporters list initializers as inputs too
        dataInputs.add(input);
      }
    }
    for (NodeProto node : graph.getNodeList()) {
      for (String output : node.getOutputList()) {
        if (output.isEmpty()) {
          continue;
        }
        if (producers.put(output, node) != null || constants.containsKey(output) || isDataInput(output)) {
          throw new OnnxException(OnnxNode.where(source, node, opset) + ": its output '" + output
              + "' is produced twice in the graph");
        }
      }
      for (String input : node.getInputList()) {
        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
      }
      if (node.getOpType().equals("Constant") && node.getOutputCount() == 1) {
        constants.put(node.getOutput(0), constantValue(new OnnxNode(source, node, opset)));
      }
    }
    order = order();
  }

  /** The nodes the graph's outputs depend on, each after the producers of its inputs. */
  List<OnnxNode> order() {
    if (order != null) {
      return order;
    }
    List<OnnxNode> sorted = new ArrayList<>();
    Map<NodeProto, Integer> state = new HashMap<>(); // 1 on the path being walked, 2 done
    for (ValueInfoProto output : graph.getOutputList()) {
      NodeProto producer = producers.get(output.getName());
      if (producer == null && !constants.containsKey(output.getName()) && !isDataInput(output.getName())) {
        throw new OnnxException(source + ": graph output '" + output.getName() + "' is produced by no node");
      }
      if (producer != null) {
        visit(producer, state, sorted);
      }
    }
    return List.copyOf(sorted);
  }

  /** Depth first without recursion, so a deep (or hostile) graph cannot overflow the stack. */
  private void visit(NodeProto root, Map<NodeProto, Integer> state, List<OnnxNode> sorted) {
    if (state.containsKey(root)) {
      return;
    }
    Deque<NodeProto> stack = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    stack.push(root);
    next.push(0);
    state.put(root, 1);
    while (!stack.isEmpty()) {
      NodeProto node = stack.peek();
      int i = next.pop();
      if (i < node.getInputCount()) {
        next.push(i + 1);
        String input = node.getInput(i);
        if (input.isEmpty() || constants.containsKey(input) || isDataInput(input)) {
          continue;
        }
        NodeProto producer = producers.get(input);
        if (producer == null) {
          throw new OnnxException(OnnxNode.where(source, node, opset) + ": input '" + input
              + "' is no initializer, graph input or node output (a missing initializer?)");
        }
        Integer seen = state.get(producer);
        if (seen != null && seen == 1) {
          throw new OnnxException(OnnxNode.where(source, node, opset) + ": its input '" + input
              + "' depends on its own output: the graph has a cycle");
        }
        if (seen == null) {
          state.put(producer, 1);
          stack.push(producer);
          next.push(0);
        }
      } else {
        stack.pop();
        state.put(node, 2);
        sorted.add(new OnnxNode(source, node, opset));
      }
    }
  }

  String source() {
    return source;
  }

  int opset() {
    return opset;
  }

  GraphProto proto() {
    return graph;
  }

  List<ValueInfoProto> dataInputs() {
    return dataInputs;
  }

  boolean isDataInput(String value) {
    return dataInputs.stream().anyMatch(i -> i.getName().equals(value));
  }

  /** The constant value named {@code value} (an initializer or a Constant node's output), if it is one. */
  Optional<TensorProto> constant(String value) {
    return Optional.ofNullable(constants.get(value));
  }

  /** True when {@code value} is an initializer (a weight), as opposed to a Constant node's output. */
  boolean isInitializer(String value) {
    return graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(value));
  }

  Optional<NodeProto> producer(String value) {
    return Optional.ofNullable(producers.get(value));
  }

  /** The nodes reading {@code value}, in graph order, plus one entry per graph output it is. */
  List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** True when {@code value} is one of the graph's outputs. */
  boolean isOutput(String value) {
    return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(value));
  }

  /** The graph outputs' names in order, each once. */
  List<String> outputs() {
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (ValueInfoProto output : graph.getOutputList()) {
      if (seen.add(output.getName())) {
        out.add(output.getName());
      }
    }
    return out;
  }

  /** A Constant node's value: a tensor, or one of the value_float(s) / value_int(s) forms. */
  private static TensorProto constantValue(OnnxNode node) {
    AttributeProto a = node.proto().getAttributeCount() == 1 ? node.proto().getAttribute(0) : null;
    if (a == null) {
      throw node.error("a Constant needs exactly one value attribute");
    }
    TensorProto.Builder t = TensorProto.newBuilder().setName(node.proto().getOutput(0));
    switch (a.getName()) {
      case "value" -> {
        return a.getT().toBuilder().setName(node.proto().getOutput(0)).build();
      }
      case "value_float" -> t.setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF());
      case "value_floats" -> t.setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(a.getFloatsCount())
          .addAllFloatData(a.getFloatsList());
      case "value_int" -> t.setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(a.getI());
      case "value_ints" -> t.setDataType(TensorProto.DataType.INT64_VALUE).addDims(a.getIntsCount())
          .addAllInt64Data(a.getIntsList());
      default -> throw node.error("a Constant of kind " + a.getName() + " (voxtile reads value, value_float(s),"
          + " value_int(s))");
    }
    return t.build();
  }
}
