package org.voxtile.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code voxtile}: its name, usage text, and what it does. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** Full usage, first line {@code voxtile NAME ...}. */
  String usage();

  /**
   * Runs with the arguments after the command name.
   *
   * @return the exit status (0 success)
   * @throws UsageException for arguments that do not fit {@link #usage()}
   * @throws org.voxtile.VoxtileException for anything the user must fix in files or pipelines
   */
  int run(List<String> args, PrintStream out, PrintStream err);
}
