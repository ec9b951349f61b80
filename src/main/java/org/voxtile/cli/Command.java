package org.voxtile.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code voxtile}: its name, its {@link Options}, and what it does. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** The operands and options it takes: its parser and its usage. */
  Options options();

  /** Full usage, first line {@code usage: voxtile NAME ...}. */
  default String usage() {
    return options().usage();
  }

  /**
   * Runs with the arguments after the command name.
   *
   * @return the exit status (0 success)
   * @throws UsageException for arguments that do not fit {@link #options()}
   * @throws org.voxtile.VoxtileException for anything the user must fix in files or pipelines
   */
  int run(List<String> args, PrintStream out, PrintStream err);
}
