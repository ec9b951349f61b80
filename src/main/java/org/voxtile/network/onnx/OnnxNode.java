package org.voxtile.network.onnx;

import java.util.List;
import java.util.Locale;
import org.voxtile.network.onnx.proto.Onnx.AttributeProto;
import org.voxtile.network.onnx.proto.Onnx.AttributeProto.AttributeType;
import org.voxtile.network.onnx.proto.Onnx.NodeProto;

/**
 * One ONNX node with what its mapping needs: typed attributes with ONNX's defaults, and errors
 * that name the file, the node, its op type and the opset ({@link #error}). Attributes holding
 * graphs (If, Loop, Scan bodies) are refused when the node is mapped ({@link #requireFlat}):
 * voxtile runs flat graphs.
 *
 * @param source the ONNX file, as messages name it
 * @param proto the node
 * @param opset the model's default operator set version
 */
record OnnxNode(String source, NodeProto proto, int opset) {
  /**
   * Refuses a node with a graph attribute: checked when a node is mapped, so that a pattern
   * (torch's LocalResponseNorm export, {@link LrnPattern}) may absorb an If whose branches it knows.
   */
  void requireFlat() {
    for (AttributeProto attribute : proto.getAttributeList()) {
      if (attribute.hasG() || attribute.getGraphsCount() > 0 || attribute.getType() == AttributeType.GRAPH
          || attribute.getType() == AttributeType.GRAPHS) {
        throw new OnnxException(where(source, proto, opset) + ": attribute '" + attribute.getName()
            + "' holds a subgraph; voxtile imports flat graphs (no If, Loop or Scan bodies)");
      }
    }
  }

  /** {@code "<file>: ONNX node '<name>' (<OpType>, opset <n>)"}: how every message starts. */
  static String where(String source, NodeProto proto, int opset) {
    String name = proto.getName().isEmpty() ? "(unnamed, output " + (proto.getOutputCount() > 0
        ? "'" + proto.getOutput(0) + "'" : "none") + ")" : proto.getName();
    return source + ": ONNX node '" + name + "' (" + proto.getOpType() + ", opset " + opset + ")";
  }

  String where() {
    return where(source, proto, opset);
  }

  String opType() {
    return proto.getOpType();
  }

  String name() {
    return proto.getName();
  }

  /** An error naming this node, e.g. {@code "m.onnx: ONNX node '/up/Resize' (Resize, opset 13): <detail>"}. */
  OnnxException error(String detail) {
    return new OnnxException(where() + ": " + detail);
  }

  /** Input {@code i}'s value name, or empty when absent or given as "" (an omitted optional input). */
  String input(int i) {
    return i < proto.getInputCount() ? proto.getInput(i) : "";
  }

  List<String> inputs() {
    return proto.getInputList();
  }

  boolean has(String name) {
    return attribute(name) != null;
  }

  long integer(String name, long fallback) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    expect(a, AttributeType.INT);
    return a.getI();
  }

  float real(String name, float fallback) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    expect(a, AttributeType.FLOAT);
    return a.getF();
  }

  String text(String name, String fallback) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    expect(a, AttributeType.STRING);
    return a.getS().toStringUtf8();
  }

  /** An INTS attribute, or {@code fallback} when absent. */
  long[] integers(String name, long[] fallback) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return fallback;
    }
    expect(a, AttributeType.INTS);
    return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  float[] reals(String name) {
    AttributeProto a = attribute(name);
    if (a == null) {
      return null;
    }
    expect(a, AttributeType.FLOATS);
    float[] out = new float[a.getFloatsCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.getFloats(i);
    }
    return out;
  }

  AttributeProto attribute(String name) {
    for (AttributeProto a : proto.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /**
   * A spatial INTS attribute of 3 values (kernel_shape, strides, dilations), each in
   * [{@code min}, 2^20], or {@code fallback} when absent.
   */
  int[] spatial(String name, int min, int[] fallback) {
    long[] values = integers(name, null);
    if (values == null) {
      return fallback;
    }
    if (values.length != 3) {
      throw error(name + " has " + values.length + " values; voxtile imports 3D ops (3 spatial axes)");
    }
    int[] out = new int[3];
    for (int a = 0; a < 3; a++) {
      if (values[a] < min || values[a] > 1 << 20) {
        throw error(name + " " + java.util.Arrays.toString(values) + " is out of range");
      }
      out[a] = (int) values[a];
    }
    return out;
  }

  /** ONNX's begin-then-end pads of the 3 spatial axes, [x0, y0, z0, x1, y1, z1]; zeros when absent. */
  int[] pads() {
    long[] values = integers("pads", new long[6]);
    if (values.length != 6) {
      throw error("pads has " + values.length + " values; a 3D op has 6 (begin and end of x, y, z)");
    }
    int[] out = new int[6];
    for (int i = 0; i < 6; i++) {
      if (Math.abs(values[i]) > 1 << 20) {
        throw error("pads " + java.util.Arrays.toString(values) + " is out of range");
      }
      out[i] = (int) values[i];
    }
    return out;
  }

  private void expect(AttributeProto a, AttributeType type) {
    if (a.getType() != type && a.getType() != AttributeType.UNDEFINED) {
      throw error("attribute '" + a.getName() + "' is of type " + a.getType().name().toLowerCase(Locale.ROOT)
          + ", expected " + type.name().toLowerCase(Locale.ROOT));
    }
  }
}
