package org.voxtile.network.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * voxtile node names for ONNX nodes. torch.onnx.export names a node by its module's scope and op,
 * {@code /enc0/enc0.0/conv/Conv}; the name given is the module's path, {@code enc0.0.conv}, as
 * in PyTorch's state dict, so the weights file reads like the model's own. An op a module's
 * forward calls itself (a scope with modules inside, {@code /b0/Relu}) and a second node of one
 * module get the op too ({@code b0.relu}, {@code b0.relu_1}); anything else is made a valid name
 * (letters, digits, {@code _ . -}) and made unique by a suffix.
 */
final class NodeNames {
  private static final Pattern INVALID = Pattern.compile("[^A-Za-z0-9_.\\-]");
  private final Set<String> taken = new HashSet<>();
  private final Set<String> containers = new HashSet<>();

  /** Names for a graph whose ONNX nodes are named {@code onnxNames}. */
  NodeNames(List<String> onnxNames) {
    for (String name : onnxNames) {
      List<String> parts = parts(name);
      for (int end = 1; end < parts.size() - 1; end++) {
        containers.add(modulePath(parts.subList(0, end)));
      }
    }
  }

  NodeNames() {
    this(List.of());
  }

  /** Reserves a name (a pipeline input) so that no node takes it. */
  void reserve(String name) {
    taken.add(name);
  }

  /** A fresh valid name for a node of {@code opType} named {@code onnxName} in the ONNX graph. */
  String forNode(String onnxName, String opType) {
    List<String> parts = parts(onnxName);
    String last = parts.isEmpty() ? opType : parts.remove(parts.size() - 1);
    boolean lastIsOp = last.equals(opType) || last.matches(Pattern.quote(opType) + "_\\d+");
    String scope = modulePath(parts);
    String op = last.toLowerCase(Locale.ROOT);
    if (!lastIsOp) {
      scope = scope.isEmpty() ? last : scope + "." + last;
      op = opType.toLowerCase(Locale.ROOT);
    }
    if (scope.isEmpty()) {
      return fresh(op);
    }
    String name = valid(scope);
    return taken.contains(name) || containers.contains(scope) ? fresh(scope + "." + op) : fresh(scope);
  }

  private static List<String> parts(String onnxName) {
    List<String> parts = new ArrayList<>();
    for (String part : onnxName.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** A fresh valid name from {@code wanted} (e.g. a graph output's name). */
  String fresh(String wanted) {
    String base = valid(wanted);
    String name = base;
    for (int k = 2; taken.contains(name); k++) {
      name = base + "_" + k;
    }
    taken.add(name);
    return name;
  }

  /** True when {@code name} is free. */
  boolean isFree(String name) {
    return !taken.contains(valid(name));
  }

  /**
   * torch scopes repeat their parent's path ({@code enc0/enc0.0/conv}): a part that extends the
   * one before it replaces it, giving {@code enc0.0.conv}.
   */
  private static String modulePath(List<String> parts) {
    List<String> path = new ArrayList<>();
    for (String part : parts) {
      String joined = String.join(".", path);
      if (!path.isEmpty() && part.startsWith(joined + ".")) {
        path.clear();
      } else if (!path.isEmpty() && part.startsWith(path.get(path.size() - 1) + ".")) {
        path.remove(path.size() - 1);
      }
      path.add(part);
    }
    return String.join(".", path);
  }

  /** Letters, digits, {@code _ . -}; not starting with {@code . -} nor ending with {@code .}. */
  static String valid(String wanted) {
    String name = INVALID.matcher(wanted).replaceAll("_");
    name = name.replaceAll("^[.\\-]+", "").replaceAll("\\.+$", "");
    return name.isEmpty() ? "node" : name;
  }
}
