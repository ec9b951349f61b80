package org.voxtile;

import java.util.Collection;
import java.util.Map;

/**
 * The one JSON writer of voxtile: strings escaped as RFC 8259 requires (and as serde_json and
 * Python's {@code json} write them), numbers, and trees of maps, collections, strings, numbers,
 * booleans and null in two layouts: {@link #indented} (report.json) and {@link #line} (one line
 * per object, as {@code info --json} and {@code describe --json} print).
 *
 * <p>Numbers: a {@code Double} or {@code Float} is written as {@link Double#toString} (so
 * {@code 1.0}), a non-finite one as {@code null} (JSON has no NaN); other numbers as their
 * {@code toString}. {@link #number(double)} turns a double into the value that prints whole
 * numbers without a fraction ({@code 1}, not {@code 1.0}), for outputs that want that.
 *
 * <pre>{@code
 * Json.line(Map.of("dims", List.of(5, 4, 3)));   // {"dims": [5, 4, 3]}
 * Json.quote("a\tb");                            // "a\tb" with the tab escaped
 * }</pre>
 */
public final class Json {
  private Json() {}

  /** {@code value} as indented JSON (two spaces per level, flat lists on one line), ending in a newline. */
  public static String indented(Object value) {
    StringBuilder out = new StringBuilder();
    indented(value, out, "");
    return out.append('\n').toString();
  }

  /** {@code value} as JSON on one line, {@code ", "} between elements and {@code ": "} after keys. */
  public static String line(Object value) {
    StringBuilder out = new StringBuilder();
    line(value, out);
    return out.toString();
  }

  /**
   * A double as a JSON value that keeps whole numbers whole: a {@code Long} for a whole number of
   * magnitude below 10^15 (exact in a double), null for NaN and infinities, else the double.
   */
  public static Object number(double v) {
    if (!Double.isFinite(v)) {
      return null;
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
  }

  /**
   * {@code text} as a JSON string literal: {@code "} and {@code \} escaped, {@code \b \f \n \r \t}
   * by their short forms, other control characters below U+0020 as {@code \}{@code u00xx}; every
   * other character, non-ASCII included, kept as it is.
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    quote(text, out);
    return out.toString();
  }

  /** Appends {@link #quote(String) quote(text)} to {@code out}. */
  public static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void indented(Object value, StringBuilder out, String indent) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      String inner = indent + "  ";
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(inner);
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        indented(e.getValue(), out, inner);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof Collection<?> list) {
      // a list of scalars stays on one line; a list holding maps or lists gets a line per element
      boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
      out.append('[');
      int i = 0;
      for (Object v : list) {
        if (!flat) {
          out.append('\n').append(indent).append("  ");
        }
        indented(v, out, indent + "  ");
        if (++i < list.size()) {
          out.append(flat ? ", " : ",");
        }
      }
      out.append(flat || list.isEmpty() ? "]" : "\n" + indent + "]");
    } else {
      scalar(value, out);
    }
  }

  private static void line(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(i++ > 0 ? ", " : "");
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        line(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      int i = 0;
      for (Object v : list) {
        out.append(i++ > 0 ? ", " : "");
        line(v, out);
      }
      out.append(']');
    } else {
      scalar(value, out);
    }
  }

  private static void scalar(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      quote(value.toString(), out);
    }
  }
}
