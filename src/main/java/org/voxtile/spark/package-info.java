/**
 * The Spark job: an adapter around the single-JVM core. {@link org.voxtile.spark.VoxtileJob#run}
 * validates everything on the driver from headers, then runs each scan (after its statistics
 * stages, when the network has global nodes) as one Spark task per tile
 * that computes with {@link org.voxtile.tiling.TileRunner} and writes its output tiles to
 * {@code DIR/_temporary}, while the driver stitches them ({@code spark.stitch}) and commits the
 * results ({@code spark.output}). Nothing outside {@code spark}, {@code storage.hadoop} and
 * {@code cli} imports Spark or Hadoop.
 *
 * <h2>The job</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.VoxtileJob}: the entry point; validate, lock the output
 *       directory, run the scans, write the features table, report and {@code _SUCCESS}.
 *   <li>{@link org.voxtile.spark.RunPlan}: everything {@code voxtile run} was asked to do.
 *   <li>{@link org.voxtile.spark.Scan}: one scan's id and input files;
 *       {@link org.voxtile.spark.ScanLists}: batches from a manifest (CSV, Parquet) or a BIDS tree.
 *   <li>{@link org.voxtile.spark.OutputPlacement}: the output directory may not hold a scan's
 *       input.
 *   <li>{@link org.voxtile.spark.Resume}: the batch scans a run may skip ({@code --resume}), and the one rename
 *       that commits a finished scan (with the markers of {@code spark.output.DoneMarker}).
 * </ul>
 *
 * <h2>One scan</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.PreparedScan}: a scan checked and planned on the driver from
 *       headers.
 *   <li>{@link org.voxtile.spark.ScanRun}: decodes its inputs, submits its tasks, stitches its
 *       outputs, merges its features; {@code ScanReport}: its part of report.json.
 *   <li>{@code InputIngest}: compressed inputs decoded once per scan, for ranged reads.
 *   <li>{@code ZarrOutputs}: a scan's OME-Zarr images ({@code --output-format zarr|both}), chunked
 *       by the output tiles so each task writes its own chunks; the driver writes the metadata.
 *   <li>{@code StatisticsStages}: a staged plan's statistics stages, one Spark job per pass, the
 *       partials merged by Spark's reduce and bound on the driver (networks with global nodes).
 * </ul>
 *
 * <h2>Tasks</h2>
 *
 * <ul>
 *   <li>{@code TileJob}: a scan's tasks as one Spark job beside the driver's stitching.
 *   <li>{@code TileTask}: one task; {@code TileWork}: its input; {@code TileResult}: the small
 *       numbers and feature partials it returns.
 *   <li>{@code ExecutorWarmUp}: compiles the network's kernels once per executor JVM before its
 *       first tile (local mode warms the driver's JVM instead, in cli).
 *   <li>{@code WindowTask}: one task of sliding-window mode: one window, computed as a whole image and
 *       weighted, written to the scratch directory for the driver to blend in window order.
 *   <li>{@code StatisticsTask}: one task of a statistics pass, returning the tile's exact partial;
 *       {@code TimedSource}: a task's input files, reads timed.
 *   <li>{@code TaskFailure}: a failed Spark job as one line a user can act on;
 *       {@code InjectedFault}: a failing first attempt, for tests of retries;
 *       {@code HeapPeak}: the heap's high-water mark for the report.
 * </ul>
 *
 * <h2>Features table</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.FeatureTable}: {@code features.parquet}, one value per row;
 *       {@link org.voxtile.spark.output.FeatureRow}: a row (in {@code spark.output}, which
 *       keeps a batch scan's rows beside its done marker). The statistics themselves are in
 *       {@code org.voxtile.features}.
 * </ul>
 */
package org.voxtile.spark;
