/**
 * The {@code voxtile} command line. Exit status 0 success, 1 a reported error, 2 a usage error.
 *
 * <h2>Entry point</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.cli.Main} - dispatches {@code voxtile COMMAND}, turns exceptions into one line and an exit status
 *   <li>{@link org.voxtile.cli.Command} - one subcommand: its name, summary, {@code Options} and what it does
 *   <li>{@link org.voxtile.cli.UsageException} - arguments that do not fit a command (exit status 2, usage shown)
 * </ul>
 *
 * <h2>The option layer (shared by every command)</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.cli.Options} - a command's operands and options: parsing, error messages, usage text
 *   <li>{@link org.voxtile.cli.OptionValue} - how a value is read: sizes, triples, tiles, counts, boxes, datatypes
 *   <li>{@link org.voxtile.cli.WindowFlags} - {@code --sliding-window}, {@code --roi-size}, {@code --overlap},
 *       {@code --blend}, {@code --sigma-scale}, for {@code run} and {@code describe}
 *   <li>{@link org.voxtile.cli.StagingFlags} - {@code --cuts} and {@code --scratch-budget}, for every command planning stages
 * </ul>
 *
 * <h2>Commands</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.cli.InfoCommand} - {@code info}: header summary, text or JSON Lines
 *   <li>{@link org.voxtile.cli.ConvertCommand} - {@code convert}: re-encode or crop a NIfTI file
 *   <li>{@link org.voxtile.cli.PhantomCommand} - {@code phantom}: write the synthetic sample head
 *   <li>{@link org.voxtile.cli.DescribeCommand} - {@code describe}: per-node shapes, receptive fields, MACs, tile plan
 *   <li>{@link org.voxtile.cli.DescriptionFormat} - {@code describe}'s table and JSON
 *   <li>{@link org.voxtile.cli.RunCommand} - {@code run}: the command line into a {@code RunPlan}, then Spark
 *   <li>{@link org.voxtile.cli.LocalWarmUp} - compiles the network's kernels while Spark starts in local mode
 * </ul>
 */
package org.voxtile.cli;
