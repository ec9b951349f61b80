package org.voxtile.network.pipeline;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reading of a pipeline file's own values (not op arguments, which {@link ArgReader}
 * reads): mappings with known keys, names, references to names, text and the axes. Every error is
 * a {@link PipelineException} naming the file and the key, e.g. {@code "p.yaml: unknown key 'form'
 * in features (did you mean from?)"}.
 */
final class FileValues {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.\\-]*[A-Za-z0-9_\\-])?");

  private FileValues() {}

  static Axes axes(Object value, String source) {
    if (value == null) {
      return Axes.XYZ;
    }
    Axes axes = value instanceof String label ? Axes.fromLabel(label) : null;
    if (axes == null) {
      throw PipelineException.atFile(source, "axes must be xyz or zyx, got " + ArgReader.show(value));
    }
    return axes;
  }

  /** A non-empty list of unique valid names (or one name) defining new names. */
  static List<String> names(Object value, String source, String key) {
    List<String> names = references(value, source, key, false);
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      name(name, source, key);
      if (!seen.add(name)) {
        throw PipelineException.atFile(source, key + ": '" + name + "' appears twice");
      }
    }
    return names;
  }

  /** A list of strings (or one string), empty only if {@code mayBeEmpty}. */
  static List<String> references(Object value, String source, String key, boolean mayBeEmpty) {
    if (value instanceof String single) {
      return List.of(single);
    }
    if (value instanceof List<?> list && (mayBeEmpty || !list.isEmpty())
        && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(String.class::cast).toList();
    }
    throw PipelineException.atFile(source, key + " must be a " + (mayBeEmpty ? "" : "non-empty ")
        + "list of names, got " + ArgReader.show(value));
  }

  static String name(Object value, String source, String key) {
    if (!(value instanceof String name)) {
      throw PipelineException.atFile(source, key + " must be a string, got " + ArgReader.show(value)
          + (value instanceof Number ? " (quote numeric names: '" + value + "')" : ""));
    }
    if (!NAME.matcher(name).matches()) {
      throw PipelineException.atFile(source, key + ": '" + name + "' is not a valid name (letters, digits, "
          + "_ . -, not starting with . or - nor ending with .)");
    }
    return name;
  }

  static String text(Object value, String source, String key) {
    if (!(value instanceof String text)) {
      throw PipelineException.atFile(source, key + " must be a string, got " + ArgReader.show(value));
    }
    return text;
  }

  static Object require(Map<String, Object> map, String key, String source) {
    return require(map, key, source, key);
  }

  static Object require(Map<String, Object> map, String key, String source, String path) {
    Object value = map.get(key);
    if (value == null) {
      throw PipelineException.atFile(source, path + " missing");
    }
    return value;
  }

  /** A YAML mapping with string keys; when {@code allowed} is given, other keys are errors. */
  static Map<String, Object> mapping(Object value, String source, String where, Set<String> allowed) {
    if (!(value instanceof Map<?, ?> map)) {
      throw PipelineException.atFile(source, where + " must be a mapping, got " + ArgReader.show(value));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : map.entrySet()) {
      if (!(field.getKey() instanceof String key)) {
        throw PipelineException.atFile(source, where + ": key " + field.getKey() + " is not a string");
      }
      if (allowed != null && !allowed.contains(key)) {
        throw PipelineException.atFile(source, (where.equals("the file") ? "unknown top-level key '" + key + "'"
            : "unknown key '" + key + "' in " + where) + Spelling.suggestion(key, allowed));
      }
      out.put(key, field.getValue());
    }
    return out;
  }
}
