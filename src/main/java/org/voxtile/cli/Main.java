package org.voxtile.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.Checks;
import org.voxtile.VoxtileException;

/**
 * {@code voxtile COMMAND [ARGS]}: dispatches to a subcommand.
 *
 * <p>Exit status: 0 success; 1 a {@link VoxtileException} (bad file, pipeline...) or I/O failure,
 * printed as one line {@code voxtile: <message>} on stderr; 2 a usage error (unknown command,
 * bad arguments), with the usage on stderr; an OutOfMemoryError is reported the same way, as one
 * line with exit status 1. Stack traces only with {@code --debug} or the
 * environment variable {@code VOXTILE_DEBUG=1}.
 *
 * <pre>{@code
 * int status = Main.run(new String[] {"info", "--json", "t1.nii.gz"}, System.out, System.err, System.getenv());
 * }</pre>
 */
public final class Main {
  private final Map<String, Command> commands = new LinkedHashMap<>();

  private Main() {
    add(new InfoCommand());
    add(new ConvertCommand());
    add(new PhantomCommand());
    add(new DescribeCommand());
    add(new RunCommand());
    add(new ImportCommand());
  }

  private void add(Command command) {
    commands.put(command.name(), command);
  }

  public static void main(String[] args) {
    int status = run(args, System.out, System.err, System.getenv());
    System.out.flush();
    System.exit(status);
  }

  /** The testable entry point: runs {@code args} with the given streams and environment. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return new Main().dispatch(args, out, err, "1".equals(env.get("VOXTILE_DEBUG")));
  }

  private int dispatch(String[] args, PrintStream out, PrintStream err, boolean debug) {
    List<String> rest = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--debug")) {
        debug = true;
      } else {
        rest.add(a);
      }
    }
    if (rest.isEmpty()) {
      err.print(usage());
      return 2;
    }
    String name = rest.get(0);
    if (name.equals("--help") || name.equals("-h") || name.equals("help")) {
      if (rest.size() > 1 && commands.containsKey(rest.get(1))) {
        out.println(commands.get(rest.get(1)).usage());
      } else {
        out.print(usage());
      }
      return 0;
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println("voxtile: unknown command '" + name + "'");
      err.print(usage());
      return 2;
    }
    List<String> commandArgs = rest.subList(1, rest.size());
    if (commandArgs.contains("--help") || commandArgs.contains("-h")) {
      out.println(command.usage());
      return 0;
    }
    try {
      return command.run(commandArgs, out, err);
    } catch (UsageException e) {
      err.println("voxtile " + name + ": " + e.getMessage());
      err.println(command.usage());
      return 2;
    } catch (VoxtileException e) {
      return fail(err, e.getMessage(), e, debug);
    } catch (UncheckedIOException e) {
      return fail(err, e.getMessage() + ": " + e.getCause().getMessage(), e, debug);
    } catch (RuntimeException e) {
      return fail(err, "internal error: " + e + (debug ? "" : " (run with --debug for details)"), e, debug);
    } catch (OutOfMemoryError e) {
      // A backstop: inputs are checked before allocation, but a tile may still not fit the heap.
      return fail(err, "out of memory (" + e.getMessage() + "): give the JVM more heap (-Xmx) or lower "
          + "--memory-per-task / --tile", e, debug);
    }
  }

  private static int fail(PrintStream err, String message, Throwable e, boolean debug) {
    err.println("voxtile: " + Checks.printable(message));
    if (debug) {
      e.printStackTrace(err);
    }
    return 1;
  }

  private String usage() {
    StringBuilder s = new StringBuilder("usage: voxtile [--debug] COMMAND [ARGS]\n\ncommands:\n");
    for (Command c : commands.values()) {
      s.append(String.format("  %-10s %s%n", c.name(), c.summary()));
    }
    s.append("\nvoxtile COMMAND --help shows a command's options; every option takes its value as\n"
        + "--opt VALUE or --opt=VALUE, sizes as 512m, 2g, 2gib or bytes, extents as X,Y,Z or XxYxZ.\n");
    return s.toString();
  }
}
