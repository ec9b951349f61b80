package org.voxtile.network.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link PipelineSpec} as a pipeline file that {@link PipelineFile} reads back to the
 * same spec: one flow mapping per node on its own line, {@code inputs} only where a node does not
 * read the previous one, keys in the spec's order. What {@code voxtile import} writes.
 *
 * <pre>{@code
 * String yaml = PipelineWriter.yaml(spec, Optional.of("unet.safetensors"), List.of("# from unet.onnx"));
 * }</pre>
 */
public final class PipelineWriter {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  private static final Set<String> RESERVED = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

  private PipelineWriter() {}

  /**
   * @param weights the {@code weights:} value, relative to the file written, if any
   * @param comments lines written first, each starting with {@code #}
   */
  public static String yaml(PipelineSpec spec, java.util.Optional<String> weights, List<String> comments) {
    StringBuilder s = new StringBuilder();
    for (String comment : comments) {
      if (!comment.startsWith("#") || comment.contains("\n")) {
        throw new IllegalArgumentException("not a comment line: " + comment);
      }
      s.append(comment).append('\n');
    }
    s.append("name: ").append(scalar(spec.name())).append('\n');
    s.append("inputs: ").append(list(spec.inputs())).append('\n');
    s.append("axes: ").append(spec.axes().label()).append('\n');
    weights.ifPresent(w -> s.append("weights: ").append(scalar(w)).append('\n'));
    s.append("nodes:\n");
    for (NodeSpec node : spec.nodes()) {
      s.append("  - {name: ").append(scalar(node.name())).append(", op: ").append(node.op());
      if (!node.inputsImplied()) {
        s.append(", inputs: ").append(node.inputs().size() == 1 ? scalar(node.inputs().get(0)) : list(node.inputs()));
      }
      for (Map.Entry<String, Object> arg : node.args().values().entrySet()) {
        s.append(", ").append(arg.getKey()).append(": ").append(value(arg.getValue()));
      }
      s.append("}\n");
    }
    s.append("outputs: [");
    for (int i = 0; i < spec.outputs().size(); i++) {
      String out = spec.outputs().get(i);
      OutputDatatype type = spec.outputDatatype(out);
      s.append(i == 0 ? "" : ", ").append(type == OutputDatatype.FLOAT32 ? scalar(out)
          : "{node: " + scalar(out) + ", datatype: " + type.label() + "}");
    }
    s.append("]\n");
    return s.toString();
  }

  private static String list(List<?> values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(value(values.get(i)));
    }
    return s.append(']').toString();
  }

  private static String value(Object value) {
    if (value instanceof String text) {
      return scalar(text);
    }
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
      }
      return Double.toString(d); // always with a '.' or an exponent: reads back as a float
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list(list);
    }
    throw new IllegalArgumentException("no pipeline file form for " + value);
  }

  /** A name or text: plain when YAML reads it back as that string, else double-quoted. */
  private static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
