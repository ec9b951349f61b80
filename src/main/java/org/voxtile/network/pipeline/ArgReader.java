package org.voxtile.network.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed reading of one node's {@link NodeArgs}. Each accessor checks the value and, on error,
 * throws a {@link PipelineException} naming the file, node and key, e.g.
 * {@code "edge.yaml: node 'c2': kernel_size must be a positive integer or a list of 3, got [3, 3]"}.
 * Every key asked for, present or not, is remembered: {@link #finish(String)} reports keys the op
 * never asked for, suggesting the nearest one it did.
 *
 * <p>Not thread-safe; make one per reading ({@link NodeArgs#reader()}).
 */
public final class ArgReader {
  /** Keys of a node entry that are not op arguments; also offered as spelling suggestions. */
  static final Set<String> NODE_KEYS = Set.of("name", "op", "inputs", "init");

  private final NodeArgs args;
  private final Set<String> asked = new LinkedHashSet<>();

  ArgReader(NodeArgs args) {
    this.args = args;
  }

  /** A required integer. */
  public int integer(String key) {
    return toInt(key, required(key), Integer.MIN_VALUE, "an integer");
  }

  /** An integer, or {@code defaultValue} when absent. */
  public int integer(String key, int defaultValue) {
    Object value = optional(key);
    return value == null ? defaultValue : toInt(key, value, Integer.MIN_VALUE, "an integer");
  }

  /** A required integer >= 1 (e.g. {@code out_channels}). */
  public int positiveInteger(String key) {
    return toInt(key, required(key), 1, "a positive integer");
  }

  /** An integer >= 1, or {@code defaultValue} when absent (e.g. {@code groups}). */
  public int positiveInteger(String key, int defaultValue) {
    Object value = optional(key);
    return value == null ? defaultValue : toInt(key, value, 1, "a positive integer");
  }

  /**
   * A required per-axis integer, each >= {@code minimum}: a single number (all three axes) or a
   * list of 3 in the pipeline's {@link Axes} order, returned in (x, y, z) order.
   */
  public Triple intTriple(String key, int minimum) {
    return toTriple(key, required(key), minimum);
  }

  /** As {@link #intTriple(String, int)}, or {@code defaultValue} (already in (x, y, z)) when absent. */
  public Triple intTriple(String key, int minimum, Triple defaultValue) {
    Object value = optional(key);
    return value == null ? defaultValue : toTriple(key, value, minimum);
  }

  /** A list of integers, each >= {@code minimum}, of {@code size} elements (any size if -1), in file order. */
  public List<Integer> intList(String key, int size, int minimum) {
    Object value = required(key);
    String expected = "a list of " + (size < 0 ? "" : size + " ") + bound(minimum).replaceFirst("^an? ", "")
        .replace("integer", "integers");
    if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
      throw args.error(key, "must be " + expected + ", got " + show(value));
    }
    List<Integer> out = new ArrayList<>();
    for (Object element : list) {
      if (!isInteger(element) || ((Number) element).longValue() < minimum
          || ((Number) element).longValue() > Integer.MAX_VALUE) {
        throw args.error(key, "must be " + expected + ", got " + show(value));
      }
      out.add(((Number) element).intValue());
    }
    return List.copyOf(out);
  }

  /** A required finite number; integers are accepted. */
  public double real(String key) {
    return toReal(key, required(key));
  }

  /** A finite number, or {@code defaultValue} when absent. */
  public double real(String key, double defaultValue) {
    Object value = optional(key);
    return value == null ? defaultValue : toReal(key, value);
  }

  /**
   * A required per-axis positive number (e.g. {@code scale_factor}): a single number (all three
   * axes) or a list of 3 in the pipeline's {@link Axes} order, returned in (x, y, z) order.
   */
  public double[] positiveRealTriple(String key) {
    Object value = required(key);
    String expected = "must be a positive number or a list of 3, got " + show(value);
    List<?> list = value instanceof List<?> l ? l : List.of(value);
    if (value instanceof List<?> && list.size() != 3) {
      throw args.error(key, expected);
    }
    double[] v = new double[list.size()];
    for (int i = 0; i < v.length; i++) {
      if (!(list.get(i) instanceof Number n) || list.get(i) instanceof java.math.BigInteger
          || !Double.isFinite(n.doubleValue()) || n.doubleValue() <= 0) {
        throw args.error(key, expected);
      }
      v[i] = n.doubleValue();
    }
    if (v.length == 1) {
      return new double[] {v[0], v[0], v[0]};
    }
    return args.axes() == Axes.XYZ ? v : new double[] {v[2], v[1], v[0]};
  }

  /** {@code true} or {@code false}, or {@code defaultValue} when absent. */
  public boolean bool(String key, boolean defaultValue) {
    Object value = optional(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean flag)) {
      throw args.error(key, "must be true or false, got " + show(value));
    }
    return flag;
  }

  /** A required string. */
  public String string(String key) {
    return toText(key, required(key));
  }

  /** A string, or {@code defaultValue} when absent. */
  public String string(String key, String defaultValue) {
    Object value = optional(key);
    return value == null ? defaultValue : toText(key, value);
  }

  /** One of {@code allowed}, or {@code defaultValue} when absent (e.g. padding_mode). */
  public String choice(String key, String defaultValue, String... allowed) {
    String value = string(key, defaultValue);
    if (!List.of(allowed).contains(value)) {
      throw args.error(key, "must be one of " + String.join(", ", allowed) + ", got " + show(value)
          + Spelling.suggestion(value, List.of(allowed)));
    }
    return value;
  }

  /** The raw YAML value, or null when absent; for arguments of several forms (e.g. {@code padding: same}). */
  public Object raw(String key) {
    return optional(key);
  }

  /**
   * Reports the first key that no accessor asked for.
   *
   * @param what the op (or kernel) being read, e.g. {@code "conv3d"}
   * @throws PipelineException {@code "node 'c1': unknown key 'kernal_size' for op conv3d (did you mean kernel_size?)"}
   */
  public void finish(String what) {
    for (String key : args.values().keySet()) {
      if (!asked.contains(key)) {
        Set<String> candidates = new LinkedHashSet<>(asked);
        if (args.prefix().isEmpty()) {
          candidates.addAll(NODE_KEYS);
        }
        throw PipelineException.atNode(args.source(), args.node(), "unknown key '" + args.prefix() + key
            + "' for " + (args.prefix().isEmpty() ? "op " : "") + what + Spelling.suggestion(key, candidates));
      }
    }
  }

  private Object required(String key) {
    Object value = optional(key);
    if (value == null) {
      throw args.error(key, "missing" + (args.has(key) ? " (null)" : ""));
    }
    return value;
  }

  private Object optional(String key) {
    asked.add(key);
    return args.values().get(key);
  }

  private int toInt(String key, Object value, int minimum, String expected) {
    if (!isInteger(value) || ((Number) value).longValue() < minimum
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw args.error(key, "must be " + expected + ", got " + show(value));
    }
    return ((Number) value).intValue();
  }

  private Triple toTriple(String key, Object value, int minimum) {
    String expected = "must be " + bound(minimum) + " or a list of 3, got " + show(value);
    if (isInteger(value)) {
      int all = toInt(key, value, minimum, bound(minimum) + " or a list of 3");
      return Triple.of(all);
    }
    if (!(value instanceof List<?> list) || list.size() != 3) {
      throw args.error(key, expected);
    }
    int[] values = new int[3];
    for (int i = 0; i < 3; i++) {
      Object element = list.get(i);
      if (!isInteger(element) || ((Number) element).longValue() < minimum
          || ((Number) element).longValue() > Integer.MAX_VALUE) {
        throw args.error(key, expected);
      }
      values[i] = ((Number) element).intValue();
    }
    return args.axes().toXyz(values[0], values[1], values[2]);
  }

  private double toReal(String key, Object value) {
    if (!(value instanceof Number number) || value instanceof java.math.BigInteger
        || !Double.isFinite(number.doubleValue())) {
      throw args.error(key, "must be a finite number, got " + show(value));
    }
    return number.doubleValue();
  }

  private String toText(String key, Object value) {
    if (!(value instanceof String text)) {
      throw args.error(key, "must be a string, got " + show(value));
    }
    return text;
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long;
  }

  private static String bound(int minimum) {
    return switch (minimum) {
      case 1 -> "a positive integer";
      case 0 -> "a non-negative integer";
      case Integer.MIN_VALUE -> "an integer";
      default -> "an integer >= " + minimum;
    };
  }

  /** A value as the user wrote it: strings quoted, lists and numbers as YAML shows them. */
  public static String show(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }
}
