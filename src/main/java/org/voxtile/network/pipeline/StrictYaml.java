package org.voxtile.network.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * The one way voxtile reads YAML 1.2 (and so JSON): a single document, duplicate keys rejected.
 *
 * <p>Safe by construction: snakeyaml-engine builds only standard values ({@code LinkedHashMap},
 * {@code ArrayList}, {@code LinkedHashSet} for {@code !!set}, {@code String}, {@code Integer},
 * {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean}, {@code byte[]} for
 * {@code !!binary}, null). A tag naming a class, e.g. {@code !!python/object:os.system}, fails
 * with "could not determine a constructor": no class is ever loaded by name. Aliases expanding
 * into collections are capped by the engine's default (50), against "billion laughs".
 */
public final class StrictYaml {
  private StrictYaml() {}

  /**
   * Parses one YAML document with the core schema ({@code true}, {@code 1.5}, {@code .inf}).
   *
   * @param label the file name, quoted in the engine's line/column messages
   * @throws YamlEngineException on any syntax error, duplicate key or unknown tag
   */
  static Object loadYaml(String text, String label) {
    return load(text, label, false);
  }

  /** As {@link #loadYaml} with the JSON schema (only {@code true/false/null} and JSON numbers resolve). */
  public static Object loadJson(String text, String label) {
    return load(text, label, true);
  }

  /** Deepest nesting of flow collections ({@code [ ... ]}, {@code { ... }}) accepted. */
  static final int MAX_DEPTH = 64;

  /**
   * The engine parses recursively and has no depth limit: {@code [[[[...]]]]} 100 000 deep would
   * overflow the stack. Flow nesting is counted first (brackets outside double-quoted strings);
   * deep block nesting ({@code - - - - x}) is caught as the stack overflow it causes.
   */
  private static Object load(String text, String label, boolean json) {
    int[] depth = {0};
    outsideStrings(text, i -> {
      char c = text.charAt(i);
      if (c == '[' || c == '{') {
        if (++depth[0] > MAX_DEPTH) {
          throw new YamlEngineException("collections nested deeper than " + MAX_DEPTH + " levels (at character "
              + i + " of " + label + ")");
        }
      } else if (c == ']' || c == '}') {
        depth[0] = Math.max(0, depth[0] - 1);
      }
    });
    try {
      return new Load(settings(label, json, text.length())).loadFromString(text);
    } catch (StackOverflowError e) {
      throw new YamlEngineException("collections nested too deeply for the parser in " + label);
    }
  }

  /**
   * Calls {@code visit} with the index of every character outside double-quoted strings, quotes
   * excluded (a backslash inside a string escapes the next character): what the checks that run
   * before the parser look at.
   */
  static void outsideStrings(String text, IntConsumer visit) {
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else {
        visit.accept(i);
      }
    }
  }

  private static LoadSettings settings(String label, boolean json, int length) {
    return LoadSettings.builder()
        .setLabel(label)
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .setSchema(json ? new JsonSchema() : new CoreSchema())
        // the engine's default limit is 3 MB; callers bound the text size themselves
        .setCodePointLimit(Math.max(length + 1, 3 * 1024 * 1024))
        .build();
  }

  /**
   * An engine error in one line: {@code "line 4, column 8: expected ',' or '}', but got : (while
   * parsing a flow mapping at line 3, column 5)"}; the engine's own message repeats the source
   * lines with carets, which reads badly once folded into one line.
   */
  public static String describe(YamlEngineException e) {
    if (!(e instanceof MarkedYamlEngineException marked) || marked.getProblem() == null) {
      return e.getMessage();
    }
    StringBuilder s = new StringBuilder();
    marked.getProblemMark().ifPresent(m -> s.append(position(m)).append(": "));
    s.append(marked.getProblem().strip());
    if (marked.getContext() != null && !marked.getContext().isBlank()) {
      s.append(" (").append(marked.getContext().strip());
      marked.getContextMark().ifPresent(m -> s.append(" at ").append(position(m)));
      s.append(')');
    }
    return s.toString();
  }

  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /**
   * The 1-based line on which each element of the top-level sequence {@code key} starts, or an
   * empty list when there is no such sequence. For messages only: call after {@link #loadYaml}
   * succeeded on the same text.
   */
  static List<Integer> elementLines(String text, String label, String key) {
    List<Integer> lines = new ArrayList<>();
    if (topLevelValue(text, label, key).orElse(null) instanceof SequenceNode sequence) {
      for (Node element : sequence.getValue()) {
        lines.add(line(element));
      }
    }
    return lines;
  }

  /** The 1-based line on which the value of the top-level {@code key} starts, or 0; as {@link #elementLines}. */
  static int valueLine(String text, String label, String key) {
    return topLevelValue(text, label, key).map(StrictYaml::line).orElse(0);
  }

  private static Optional<Node> topLevelValue(String text, String label, String key) {
    Optional<Node> root = new Compose(settings(label, false, text.length())).composeString(text);
    if (root.isPresent() && root.get() instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
          return Optional.of(tuple.getValueNode());
        }
      }
    }
    return Optional.empty();
  }

  private static int line(Node node) {
    return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
  }
}
