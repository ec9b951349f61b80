package org.voxtile.network.onnx;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.network.onnx.proto.Onnx.NodeProto;
import org.voxtile.network.weights.Tensor;

/**
 * torch 1.13 exports {@code nn.GroupNorm(G, C)} as five nodes: Reshape the map to (N, G, -1),
 * InstanceNormalization with a scale of ones and a bias of zeros (statistics per group), Reshape
 * back to Shape(x), Mul by the weight and Add the bias (both of shape (C, 1, 1, 1)). Recognised
 * from its first Reshape, the five become one {@code group_norm}; anything else in that place is
 * not this pattern, and a lone Reshape is refused by the walk.
 */
final class GroupNormPattern {
  private GroupNormPattern() {}

  /**
   * Imports the pattern starting at {@code reshape}, if it is one.
   *
   * @return false (nothing imported) when the nodes around {@code reshape} are not the pattern
   */
  static boolean tryImport(ImportState s, OnnxNode reshape) {
    OnnxGraph g = s.graph;
    Optional<long[]> target = s.maybeConstant(reshape.input(1)).map(t -> OnnxTensors.longs(t, reshape.where()));
    if (target.isEmpty() || target.get().length != 3 || target.get()[0] > 1 || target.get()[2] != -1
        || target.get()[1] < 1) {
      return false;
    }
    int groups = (int) Math.min(target.get()[1], 1 << 20);
    Optional<OnnxNode> norm = onlyConsumer(s, reshape, "InstanceNormalization");
    if (norm.isEmpty()) {
      return false;
    }
    Optional<float[]> ones = constantFloats(s, norm.get(), 1, groups);
    Optional<float[]> zeros = constantFloats(s, norm.get(), 2, groups);
    if (ones.isEmpty() || zeros.isEmpty() || !LayerMappings.allEqual(ones.get(), 1f)
        || !LayerMappings.allEqual(zeros.get(), 0f)) {
      return false;
    }
    Optional<OnnxNode> back = onlyConsumer(s, norm.get(), "Reshape");
    if (back.isEmpty() || !restoresShape(s, back.get(), reshape.input(0))) {
      return false;
    }
    String x = s.data(reshape, reshape.input(0));
    int c = s.channels(x);
    OnnxNode restored = back.get();
    Map<String, Tensor> weights = new LinkedHashMap<>();
    Optional<OnnxNode> mul = onlyConsumer(s, restored, "Mul");
    Optional<float[]> scale = mul.flatMap(m -> perChannel(s, m, restored, c));
    Optional<OnnxNode> add = scale.flatMap(w -> onlyConsumer(s, mul.get(), "Add"));
    Optional<float[]> bias = add.flatMap(a -> perChannel(s, a, mul.get(), c));
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_groups", groups);
    float eps = norm.get().real("epsilon", 1e-5f);
    if (eps != 1e-5f) {
      args.put("eps", LayerMappings.real(eps));
    }
    boolean identity = scale.isPresent() && LayerMappings.allEqual(scale.get(), 1f)
        && bias.map(b -> LayerMappings.allEqual(b, 0f)).orElse(true);
    if (scale.isPresent() && !identity) {
      int channels = scale.get().length;
      float[] shift = bias.orElse(new float[channels]);
      weights.put("weight", Tensor.of("weight", new long[] {channels}, scale.get()));
      weights.put("bias", Tensor.of("bias", new long[] {channels}, shift));
    } else {
      args.put("affine", false);
    }
    for (OnnxNode part : List.of(reshape, norm.get(), back.get())) {
      s.absorb(part);
    }
    s.graph.producer(back.get().input(1)).ifPresent(shape -> s.absorb(new OnnxNode(g.source(), shape, g.opset())));
    if (scale.isPresent()) {
      s.absorb(mul.get());
    }
    if (bias.isPresent()) {
      s.absorb(add.get());
    }
    OnnxNode last = bias.isPresent() ? add.get() : scale.isPresent() ? mul.get() : restored;
    String result = last.proto().getOutput(0);
    String name = g.isOutput(result) ? s.nameFor(last, result) : s.freshName(scope(reshape));
    s.bind(result, s.emit(reshape, name, "group_norm", List.of(x), args, weights, c), c);
    return true;
  }

  /** The module path of the pattern's first node: {@code /b0/n1/Reshape} gives {@code b0.n1}. */
  private static String scope(OnnxNode reshape) {
    NodeNames names = new NodeNames();
    return names.forNode(reshape.name(), reshape.opType());
  }

  private static Optional<OnnxNode> onlyConsumer(ImportState s, OnnxNode node, String opType) {
    String out = node.proto().getOutput(0);
    List<NodeProto> readers = s.graph.consumers(out);
    if (readers.size() != 1 || s.graph.isOutput(out) || !readers.get(0).getOpType().equals(opType)) {
      return Optional.empty();
    }
    NodeProto reader = readers.get(0);
    if (!reader.getInput(0).equals(out) && !(reader.getInputCount() == 2 && reader.getInput(1).equals(out))) {
      return Optional.empty();
    }
    return Optional.of(new OnnxNode(s.graph.source(), reader, s.graph.opset()));
  }

  private static Optional<float[]> constantFloats(ImportState s, OnnxNode node, int input, int count) {
    return s.maybeConstant(node.input(input))
        .filter(t -> OnnxTensors.isFloat(t) && OnnxTensors.count(t, node.where()) == count)
        .map(t -> OnnxTensors.floats(t, node.where()));
  }

  /** Reshape(y, Shape(x)): back to the map's own shape. */
  private static boolean restoresShape(ImportState s, OnnxNode back, String original) {
    return s.graph.producer(back.input(1))
        .filter(p -> p.getOpType().equals("Shape") && p.getInputCount() == 1 && p.getInput(0).equals(original)
            && p.getAttributeCount() == 0 && s.graph.consumers(back.input(1)).size() == 1)
        .isPresent();
  }

  /**
   * The other operand of {@code op} (whose data operand is {@code from}'s output) as one value per
   * channel: a (C, 1, 1, 1) tensor, or one value for all (torch's GroupNorm without affine
   * parameters multiplies by 1 and adds 0).
   */
  private static Optional<float[]> perChannel(ImportState s, OnnxNode op, OnnxNode from, int channels) {
    String data = from.proto().getOutput(0);
    String other = op.input(0).equals(data) ? op.input(1) : op.input(0);
    return s.maybeConstant(other).filter(OnnxTensors::isFloat).flatMap(t -> {
      long[] dims = OnnxTensors.shape(t, op.where());
      boolean columns = dims.length == 4 && dims[1] == 1 && dims[2] == 1 && dims[3] == 1
          || dims.length == 5 && dims[0] == 1 && dims[2] == 1 && dims[3] == 1 && dims[4] == 1;
      long count = dims.length == 4 ? dims[0] : dims.length == 5 ? dims[1] : -1;
      if (!columns || count != 1 && channels > 0 && count != channels || count == 1 && channels < 1) {
        return Optional.empty();
      }
      float[] values = OnnxTensors.floats(t, op.where());
      if (count == 1 && channels > 1) {
        float[] broadcast = new float[channels];
        java.util.Arrays.fill(broadcast, values[0]);
        return Optional.of(broadcast);
      }
      return Optional.of(values);
    });
  }
}
