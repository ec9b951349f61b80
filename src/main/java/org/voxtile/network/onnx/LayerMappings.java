package org.voxtile.network.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.network.weights.Tensor;

/**
 * The ONNX ops without a sliding window: normalisation (BatchNormalization to
 * {@code batch_norm3d}, InstanceNormalization to {@code instance_norm}), activations, the
 * element-wise Add and Mul of two maps, Concat over channels, Clip, Softmax, LogSoftmax, ArgMax
 * over channels, and Dropout. Each checks what its voxtile op cannot express (another axis, a
 * constant operand, a training mode) and refuses it by name.
 */
final class LayerMappings {
  private LayerMappings() {}

  static void batchNorm(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    if (n.integer("training_mode", 0) != 0) {
      throw n.error("training_mode 1: voxtile runs batch norm in eval mode (export the model in eval())");
    }
    for (int i = 1; i < n.proto().getOutputCount(); i++) {
      if (!n.proto().getOutput(i).isEmpty() && !s.graph.consumers(n.proto().getOutput(i)).isEmpty()) {
        throw n.error("its running-statistics outputs are used (training mode)");
      }
    }
    int c = channelsOf(s, n, x, n.input(1), "scale");
    Map<String, Tensor> weights = new LinkedHashMap<>();
    String[] roles = {"weight", "bias", "running_mean", "running_var"};
    for (int i = 0; i < 4; i++) {
      weights.put(roles[i], Tensor.of(roles[i], new long[] {c}, s.floats(n, n.input(i + 1), c, roles[i])));
    }
    Map<String, Object> args = new LinkedHashMap<>();
    putEps(args, n);
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "batch_norm3d", List.of(x),
        args, weights, c), c);
  }

  /** InstanceNormalization on its own (not inside torch's GroupNorm pattern): nn.InstanceNorm3d. */
  static void instanceNorm(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    int c = channelsOf(s, n, x, n.input(1), "scale");
    float[] scale = s.floats(n, n.input(1), c, "scale");
    float[] bias = s.floats(n, n.input(2), c, "B");
    Map<String, Object> args = new LinkedHashMap<>();
    putEps(args, n);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    // torch exports InstanceNorm3d(affine=False) with a scale of ones and a bias of zeros
    if (!allEqual(scale, 1f) || !allEqual(bias, 0f)) {
      args.put("affine", true);
      weights.put("weight", Tensor.of("weight", new long[] {c}, scale));
      weights.put("bias", Tensor.of("bias", new long[] {c}, bias));
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "instance_norm", List.of(x),
        args, weights, c), c);
  }

  /** An activation of one input and fixed arguments. */
  static void activation(ImportState s, OnnxNode n, String op, Map<String, Object> args) {
    String x = s.data(n, n.input(0));
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), op, List.of(x), args,
        Map.of(), s.channels(x)), s.channels(x));
  }

  /** PRelu: a slope per channel (num_parameters C) or one for all, as nn.PReLU. */
  static void prelu(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long[] shape = s.shape(n, n.input(1), "slope");
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    int c = s.channels(x);
    if (count != 1 && (c > 0 && count != c || shape.length > 0 && shape[0] != count)) {
      throw n.error("slope '" + n.input(1) + "' has dims " + java.util.Arrays.toString(shape) + "; PReLU takes one"
          + " slope or one per channel" + (c > 0 ? " (" + c + ")" : ""));
    }
    float[] slope = s.floats(n, n.input(1), count, "slope");
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_parameters", (int) count);
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "prelu", List.of(x), args,
        Map.of("weight", Tensor.of("weight", new long[] {count}, slope)), c), c);
  }

  /** Add and Mul of two feature maps; a constant operand is only imported inside a known pattern. */
  static void elementwise(ImportState s, OnnxNode n, String op) {
    if (n.inputs().size() != 2) {
      throw n.error("has " + n.inputs().size() + " inputs; voxtile's " + op + " takes two maps");
    }
    for (String input : n.inputs()) {
      if (s.maybeConstant(input).isPresent()) {
        throw n.error("its input '" + input + "' is a constant; voxtile's " + op + " combines two feature maps"
            + " (a constant scale or offset is imported only as part of torch's GroupNorm export)");
      }
    }
    String a = s.data(n, n.input(0));
    String b = s.data(n, n.input(1));
    int c = Math.max(s.channels(a), s.channels(b));
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), op, List.of(a, b), Map.of(),
        Map.of(), c), c);
  }

  static void concat(ImportState s, OnnxNode n) {
    long axis = n.integer("axis", 1);
    if (axis != 1 && axis != -4) {
      throw n.error("axis " + axis + ": voxtile concatenates channels (axis 1) only");
    }
    List<String> inputs = new ArrayList<>();
    int c = 0;
    for (String input : n.inputs()) {
      String mapped = s.data(n, input);
      inputs.add(mapped);
      c = c < 0 || s.channels(mapped) < 0 ? -1 : c + s.channels(mapped);
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "concat", inputs, Map.of(),
        Map.of(), c), c);
  }

  /** Clip (attributes before opset 11, optional constant inputs from 11) to clamp. */
  static void clip(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    Map<String, Object> args = new LinkedHashMap<>();
    if (n.opset() < 11) {
      if (n.has("min")) {
        args.put("min", real(n.real("min", 0f)));
      }
      if (n.has("max")) {
        args.put("max", real(n.real("max", 0f)));
      }
    } else {
      if (!n.input(1).isEmpty()) {
        args.put("min", real(s.floats(n, n.input(1), 1, "min")[0]));
      }
      if (!n.input(2).isEmpty()) {
        args.put("max", real(s.floats(n, n.input(2), 1, "max")[0]));
      }
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "clamp", List.of(x), args,
        Map.of(), s.channels(x)), s.channels(x));
  }

  /** Softmax and LogSoftmax over channels; before opset 13 their axis flattens all later axes, never channels alone. */
  static void softmax(ImportState s, OnnxNode n, String op) {
    long axis = n.integer("axis", n.opset() < 13 ? 1 : -1);
    if (n.opset() < 13) {
      throw n.error("before opset 13, " + n.opType() + " normalises over all axes from " + axis + " on, not over"
          + " channels; export with opset_version 13 or later");
    }
    if (axis != 1 && axis != -4) {
      throw n.error("axis " + axis + ": voxtile's " + op + " is over channels (axis 1)");
    }
    activation(s, n, op, Map.of());
  }

  static void argmax(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    long axis = n.integer("axis", 0);
    if (axis != 1 && axis != -4) {
      throw n.error("axis " + axis + ": voxtile's argmax is over channels (axis 1)");
    }
    if (n.integer("select_last_index", 0) != 0) {
      throw n.error("select_last_index 1: voxtile's argmax takes the lowest index of equal values, as PyTorch");
    }
    s.bind(n.proto().getOutput(0), s.emit(n, s.nameFor(n, n.proto().getOutput(0)), "argmax", List.of(x),
        Map.of(), Map.of(), 1), 1);
  }

  /** Dropout: identity at inference, kept as a node so the pipeline reads like the model. */
  static void dropout(ImportState s, OnnxNode n) {
    if (n.proto().getOutputCount() > 1 && !n.proto().getOutput(1).isEmpty()
        && !s.graph.consumers(n.proto().getOutput(1)).isEmpty()) {
      throw n.error("its mask output is used (training mode)");
    }
    activation(s, n, "dropout", Map.of());
  }

  /** Identity: no node; its output is its input. */
  static void identity(ImportState s, OnnxNode n) {
    String x = s.data(n, n.input(0));
    s.bind(n.proto().getOutput(0), x, s.channels(x));
  }

  /** The channels a per-channel tensor gives, checked against the input's when known. */
  private static int channelsOf(ImportState s, OnnxNode n, String x, String tensor, String role) {
    long[] shape = s.shape(n, tensor, role);
    if (shape.length != 1 || shape[0] < 1 || shape[0] > 1 << 20) {
      throw n.error(role + " '" + tensor + "' has dims " + java.util.Arrays.toString(shape)
          + "; it needs one value per channel");
    }
    int c = s.channels(x);
    if (c > 0 && shape[0] != c) {
      throw n.error(role + " '" + tensor + "' has " + shape[0] + " values but the input has " + c + " channels");
    }
    return (int) shape[0];
  }

  private static void putEps(Map<String, Object> args, OnnxNode n) {
    float eps = n.real("epsilon", 1e-5f);
    if (eps != 1e-5f) {
      args.put("eps", real(eps));
    }
  }

  /** A float attribute as the double a pipeline file holds: its shortest decimal, so it reads back as the same float. */
  static double real(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  static boolean allEqual(float[] values, float v) {
    for (float x : values) {
      if (x != v) {
        return false;
      }
    }
    return true;
  }
}
