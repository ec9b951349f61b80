package org.voxtile.network.onnx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voxtile.network.onnx.proto.Onnx.AttributeProto;
import org.voxtile.network.onnx.proto.Onnx.NodeProto;

/**
 * torch 1.13 exports {@code nn.LocalResponseNorm(size, alpha, beta, k)} of a 5D map x not as
 * ONNX's LRN but as torch's own formula, about sixty nodes: {@code div = x * x}, unsqueezed and
 * reshaped to (N, 1, C, D, H*W), padded by size/2 and (size-1)/2 channels, averaged by an
 * AveragePool of kernel (size, 1, 1), squeezed back by an {@code If} on the shape, reshaped to x's
 * shape, then {@code x / (div * alpha + k) ^ beta}. Recognised from its first node, the square
 * {@code Mul(x, x)}: the division of x by a Pow of an Add of a Mul of a value that depends on x
 * only through the square, through shape arithmetic and exactly one such AveragePool, and an
 * {@code If} whose branches only squeeze or pass on that pool's output. The whole becomes one
 * {@code local_response_norm}; anything else is not this pattern.
 */
final class LrnPattern {
  /** What may sit between the square and the division: data movement and shape arithmetic. */
  private static final Set<String> INSIDE = Set.of("Mul", "Unsqueeze", "Shape", "Gather", "Constant", "Concat",
      "Reshape", "ConstantOfShape", "Slice", "Transpose", "Cast", "Pad", "AveragePool", "Equal", "If", "Squeeze");

  private LrnPattern() {}

  /** Imports the pattern whose square is {@code square}; false (nothing imported) when it is not one. */
  static boolean tryImport(ImportState s, OnnxNode square) {
    OnnxGraph g = s.graph;
    String x = square.input(0);
    if (square.inputs().size() != 2 || !square.input(1).equals(x)) {
      return false;
    }
    for (NodeProto div : g.consumers(x)) {
      if (div.getOpType().equals("Div") && div.getInputCount() == 2 && div.getInput(0).equals(x)) {
        Optional<Map<String, Object>> args = match(s, square, div);
        if (args.isPresent()) {
          emit(s, square, div, args.get());
          return true;
        }
      }
    }
    return false;
  }

  private static Optional<Map<String, Object>> match(ImportState s, OnnxNode square, NodeProto div) {
    OnnxGraph g = s.graph;
    Optional<NodeProto> pow = producer(g, div.getInput(1), "Pow");
    Optional<NodeProto> add = pow.flatMap(p -> producer(g, p.getInput(0), "Add"));
    Optional<NodeProto> scale = add.flatMap(a -> producer(g, a.getInput(0), "Mul"));
    if (scale.isEmpty()) {
      return Optional.empty();
    }
    Optional<Float> beta = scalar(s, pow.get().getInput(1));
    Optional<Float> k = scalar(s, add.get().getInput(1));
    Optional<Float> alpha = scalar(s, scale.get().getInput(1));
    if (beta.isEmpty() || k.isEmpty() || alpha.isEmpty()) {
      return Optional.empty();
    }
    Set<NodeProto> inside = between(g, scale.get().getInput(0), square.proto().getOutput(0), square.input(0));
    if (inside == null) {
      return Optional.empty();
    }
    Integer size = null;
    for (NodeProto n : inside) {
      if (!INSIDE.contains(n.getOpType())) {
        return Optional.empty();
      }
      if (n.getOpType().equals("AveragePool")) {
        List<Long> kernel = ints(n, "kernel_shape");
        if (size != null || kernel.size() != 3 || kernel.get(1) != 1 || kernel.get(2) != 1
            || !ints(n, "strides").stream().allMatch(v -> v == 1) || !ints(n, "pads").stream().allMatch(v -> v == 0)) {
          return Optional.empty();
        }
        size = kernel.get(0).intValue();
      }
      if (n.getOpType().equals("If") && !branchesPassOn(n)) {
        return Optional.empty();
      }
    }
    if (size == null || size < 1) {
      return Optional.empty();
    }
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("size", size);
    args.put("alpha", LayerMappings.real(alpha.get()));
    args.put("beta", LayerMappings.real(beta.get()));
    args.put("k", LayerMappings.real(k.get()));
    inside.add(scale.get());
    inside.add(add.get());
    inside.add(pow.get());
    inside.add(div);
    return Optional.of(Map.of("args", args, "nodes", inside));
  }

  @SuppressWarnings("unchecked")
  private static void emit(ImportState s, OnnxNode square, NodeProto div, Map<String, Object> found) {
    OnnxGraph g = s.graph;
    s.absorb(square);
    for (NodeProto n : (Set<NodeProto>) found.get("nodes")) {
      s.absorb(new OnnxNode(g.source(), n, g.opset()));
    }
    String x = s.data(square, square.input(0));
    OnnxNode last = new OnnxNode(g.source(), div, g.opset());
    String result = div.getOutput(0);
    String name = g.isOutput(result) ? s.nameFor(last, result) : s.nameFor(square, result);
    int c = s.channels(x);
    s.bind(result, s.emit(square, name, "local_response_norm", List.of(x),
        (Map<String, Object>) found.get("args"), Map.of(), c), c);
  }

  /**
   * The nodes that {@code value} depends on back to {@code data} (the map; reading its shape is
   * allowed), which must include the square; null when {@code value} depends on {@code data} other
   * than through the square or on a graph input or initializer that is not a constant.
   */
  private static Set<NodeProto> between(OnnxGraph g, String value, String squared, String data) {
    Set<NodeProto> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(value));
    boolean throughSquare = false;
    while (!todo.isEmpty()) {
      String v = todo.pop();
      if (v.isEmpty()) {
        continue; // an omitted optional input
      }
      if (v.equals(squared)) {
        throughSquare = true;
        continue;
      }
      Optional<NodeProto> p = g.producer(v);
      if (p.isEmpty()) {
        if (g.constant(v).isEmpty()) {
          return null;
        }
        continue;
      }
      NodeProto n = p.get();
      if (!seen.add(n)) {
        continue;
      }
      for (String input : n.getInputList()) {
        if (input.equals(data)) {
          if (!n.getOpType().equals("Shape")) {
            return null; // x itself, not its square or its shape
          }
          continue;
        }
        todo.push(input);
      }
      for (AttributeProto a : n.getAttributeList()) { // an If's branches read outer values
        if (a.hasG()) {
          Set<String> made = new LinkedHashSet<>();
          a.getG().getNodeList().forEach(inner -> made.addAll(inner.getOutputList()));
          for (NodeProto inner : a.getG().getNodeList()) {
            inner.getInputList().stream().filter(in -> !made.contains(in)).forEach(todo::push);
          }
        }
      }
    }
    return throughSquare ? seen : null;
  }

  /** Both branches of the If only squeeze (or pass on) one value. */
  private static boolean branchesPassOn(NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) {
      if (!a.hasG()) {
        return false;
      }
      for (NodeProto inner : a.getG().getNodeList()) {
        if (!Set.of("Squeeze", "Identity", "Constant").contains(inner.getOpType())) {
          return false;
        }
      }
    }
    return n.getAttributeCount() == 2;
  }

  private static Optional<NodeProto> producer(OnnxGraph g, String value, String opType) {
    return g.producer(value).filter(p -> p.getOpType().equals(opType) && g.consumers(value).size() == 1);
  }

  private static Optional<Float> scalar(ImportState s, String value) {
    return s.maybeConstant(value).filter(OnnxTensors::isFloat)
        .map(t -> OnnxTensors.floats(t, value)).filter(f -> f.length == 1).map(f -> f[0]);
  }

  private static List<Long> ints(NodeProto n, String attribute) {
    return n.getAttributeList().stream().filter(a -> a.getName().equals(attribute)).findFirst()
        .map(AttributeProto::getIntsList).orElse(List.of());
  }
}
