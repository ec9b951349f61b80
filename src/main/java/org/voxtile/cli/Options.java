package org.voxtile.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.network.pipeline.Spelling;

/**
 * What one command takes on its command line (operands, flags, options with a value, repeatable
 * options), read once: the same parsing, error messages and usage layout for every command.
 *
 * <pre>{@code
 * static final Options OPTIONS = new Options("describe", "PIPELINE --shape X,Y,Z [OPTIONS]")
 *     .operand("PIPELINE", "the pipeline file")
 *     .option("--shape", "X,Y,Z", "spatial extent of the input scans")
 *     .flag("--json", "one JSON object");
 * Options.Parsed a = OPTIONS.parse(args);
 * Extent shape = a.required("--shape", OptionValue.TRIPLE);
 * }</pre>
 *
 * <p>Every option starts with {@code --} and takes its value as {@code --opt VALUE} or
 * {@code --opt=VALUE}; {@code --} alone ends the options. Errors are {@link UsageException}s:
 * {@code unknown option --shap (did you mean --shape?)}, {@code --shape needs a value},
 * {@code --tile given twice} (only repeatable options may be), {@code --json takes no value},
 * {@code --shape X,Y,Z is required}, {@code no PIPELINE given}, {@code unexpected argument 'x'},
 * and for values (see {@link OptionValue}) {@code --tile: expected ..., got 'big'}.
 */
final class Options {
  /** Column of the help texts, and the width they wrap at. */
  private static final int WIDTH = 100;

  /**
   * One option: {@code label} is null for a flag; {@code values} takes every argument up to the
   * next option ({@code --participant-label 01 02}, as BIDS Apps do).
   */
  private record Option(String name, String label, boolean repeatable, String help, boolean values) {
    Option(String name, String label, boolean repeatable, String help) {
      this(name, label, repeatable, help, false);
    }
  }

  private record Operand(String label, boolean many, String help) {}

  private final String command;
  private final String synopsis;
  private final List<Operand> operands = new ArrayList<>();
  private final Map<String, Option> options = new LinkedHashMap<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();

  /**
   * @param command the command's name
   * @param synopsis what follows {@code voxtile COMMAND} on the usage's first line
   */
  Options(String command, String synopsis) {
    this.command = command;
    this.synopsis = synopsis;
  }

  /** One operand, required. */
  Options operand(String label, String help) {
    operands.add(new Operand(label, false, help));
    return this;
  }

  /** The last operand: one or more. */
  Options operands(String label, String help) {
    operands.add(new Operand(label, true, help));
    return this;
  }

  /** An option without a value. */
  Options flag(String name, String help) {
    return add(new Option(name, null, false, help));
  }

  /** An option with a value, given at most once. */
  Options option(String name, String label, String help) {
    return add(new Option(name, label, false, help));
  }

  /** An option with a value, given any number of times. */
  Options repeatable(String name, String label, String help) {
    return add(new Option(name, label, true, help));
  }

  /**
   * An option with one or more values, each argument up to the next {@code --option}
   * ({@code --participant-label 01 02}); it may also be repeated. {@code alias} is a second
   * spelling (e.g. BIDS Apps' {@code --participant_label}), or null.
   */
  Options values(String name, String alias, String label, String help) {
    add(new Option(name, label, true, help, true));
    if (alias != null) {
      aliases.put(alias, name);
    }
    return this;
  }

  private Options add(Option option) {
    options.put(option.name(), option);
    return this;
  }

  /**
   * Reads {@code args} (the arguments after the command name).
   *
   * @throws UsageException for an unknown option, a missing value, an option given twice that is
   *     not repeatable, or too few or too many operands
   */
  Parsed parse(List<String> args) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> given = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (optionsEnded || !a.startsWith("--")) {
        given.add(a);
        continue;
      }
      if (a.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      name = aliases.getOrDefault(name, name);
      Option option = options.get(name);
      if (option == null) {
        throw new UsageException("unknown option " + name + Spelling.suggestion(name, options.keySet()));
      }
      String value;
      if (option.label() == null) {
        if (eq >= 0) {
          throw new UsageException(name + " takes no value: '" + a + "'");
        }
        value = "";
      } else if (eq >= 0) {
        value = a.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(name + " needs a value");
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !option.repeatable()) {
        throw new UsageException(name + " given twice");
      }
      list.add(value);
      while (option.values() && eq < 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        list.add(args.get(++i));
      }
    }
    checkOperands(given);
    return new Parsed(values, given);
  }

  private void checkOperands(List<String> given) {
    if (given.size() < operands.size()) {
      throw new UsageException("no " + operands.get(given.size()).label() + " given");
    }
    boolean many = !operands.isEmpty() && operands.get(operands.size() - 1).many();
    if (given.size() > operands.size() && !many) {
      throw new UsageException("unexpected argument '" + given.get(operands.size()) + "'");
    }
  }

  /** The usage: {@code usage: voxtile COMMAND SYNOPSIS}, then one entry per operand and option. */
  String usage() {
    List<String[]> rows = new ArrayList<>();
    for (Operand o : operands) {
      rows.add(new String[] {o.label(), o.help()});
    }
    for (Option o : options.values()) {
      rows.add(new String[] {o.name() + (o.label() == null ? "" : " " + o.label()), o.help()});
    }
    int column = 2 + rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
    String start = "usage: voxtile " + command + " ";
    StringBuilder s = new StringBuilder(start);
    wrap(groups(synopsis), start.length(), s);
    for (String[] row : rows) {
      s.append(String.format("  %-" + (column - 2) + "s", row[0]));
      wrap(List.of(row[1].split(" ")), column, s);
    }
    s.append("  (an option's value may also follow an '=': --opt=VALUE)");
    return s.toString();
  }

  /** Appends {@code words} from {@code column} on, wrapped at {@link #WIDTH}, continuation lines indented. */
  private static void wrap(List<String> words, int column, StringBuilder s) {
    int width = Math.max(40, WIDTH - column);
    int used = 0;
    for (String word : words) {
      if (used > 0 && used + 1 + word.length() > width) {
        s.append('\n').append(" ".repeat(column));
        used = 0;
      }
      s.append(used > 0 ? " " : "").append(word);
      used += (used > 0 ? 1 : 0) + word.length();
    }
    s.append('\n');
  }

  /** The words of a synopsis, a bracketed group ({@code [--tile X,Y,Z]}, {@code (a | b)}) counting as one. */
  private static List<String> groups(String synopsis) {
    List<String> groups = new ArrayList<>();
    StringBuilder group = new StringBuilder();
    int depth = 0;
    for (char c : synopsis.toCharArray()) {
      depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
      if (c == ' ' && depth == 0) {
        groups.add(group.toString());
        group.setLength(0);
      } else {
        group.append(c);
      }
    }
    groups.add(group.toString());
    return groups;
  }

  /** A command line as read: operands in order, and the values given to each option. */
  final class Parsed {
    private final Map<String, List<String>> values;
    private final List<String> operands;

    private Parsed(Map<String, List<String>> values, List<String> operands) {
      this.values = values;
      this.operands = List.copyOf(operands);
    }

    /** The operands, in the order given. */
    List<String> operands() {
      return operands;
    }

    /** The {@code i}th operand. */
    String operand(int i) {
      return operands.get(i);
    }

    /** Whether the flag or option {@code name} was given. */
    boolean has(String name) {
      return values.containsKey(declared(name).name());
    }

    /** The value of {@code name} as given, if it was. */
    Optional<String> text(String name) {
      List<String> list = values.get(declared(name).name());
      return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** The value of {@code name} read as {@code type}, if given. */
    <T> Optional<T> get(String name, OptionValue<T> type) {
      return text(name).map(v -> type.parse(name, v));
    }

    /** The value of {@code name} read as {@code type}, or {@code otherwise}. */
    <T> T get(String name, OptionValue<T> type, T otherwise) {
      return get(name, type).orElse(otherwise);
    }

    /** The value of {@code name} read as {@code type}; @throws UsageException when not given */
    <T> T required(String name, OptionValue<T> type) {
      return get(name, type).orElseThrow(() -> new UsageException(name + " " + declared(name).label()
          + " is required"));
    }

    /** Every value of the repeatable {@code name}, read as {@code type}, in the order given. */
    <T> List<T> all(String name, OptionValue<T> type) {
      return values.getOrDefault(declared(name).name(), List.of()).stream().map(v -> type.parse(name, v)).toList();
    }

    private Option declared(String name) {
      Option option = options.get(name);
      if (option == null) { // a slip in a command's code, not in its command line
        throw new IllegalArgumentException("voxtile " + command + " declares no option " + name);
      }
      return option;
    }
  }
}
