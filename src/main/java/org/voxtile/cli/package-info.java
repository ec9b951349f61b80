/**
 * The {@code voxtile} command line: {@link org.voxtile.cli.Main} dispatches to subcommands
 * ({@code info}, {@code convert}; {@code describe} and {@code run} plug in as further
 * {@code Command}s). Exit status 0 success, 1 a reported error, 2 a usage error.
 */
package org.voxtile.cli;
