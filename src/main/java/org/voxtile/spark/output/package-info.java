/**
 * The output directory {@code DIR}: its names, its rules, its lock, and how finished work is put
 * in place so that a killed or failed run never leaves a file under a final name it had not
 * finished. It knows nothing of the job: its types take plain values (paths, locations, options),
 * so {@code spark} depends on {@code spark.output} and never the other way.
 *
 * <h2>Names and rules</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.output.OutputNames}: every file name a run gives
 *       ({@code report.json}, {@code _SUCCESS}, {@code <node>.nii.gz}, {@code <node>.ome.zarr}, ...).
 *   <li>{@link org.voxtile.spark.output.OutputFormat}: NIfTI, OME-Zarr or both ({@code --output-format}).
 *   <li>{@link org.voxtile.spark.output.OutputDirectory}: empty or {@code --overwrite}, scratch in
 *       {@code _temporary}, files moved into place, markers written last.
 *   <li>{@link org.voxtile.spark.output.OutputLock}: one run per directory
 *       ({@code _voxtile.lock}).
 *   <li>{@link org.voxtile.spark.output.ScanIds}: scan ids are safe, distinct directory names.
 * </ul>
 *
 * <h2>Batches and {@code --resume}</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.output.DoneMarker}: a batch scan's fingerprinted
 *       {@code _SUCCESS} and its kept feature rows.
 *   <li>{@link org.voxtile.spark.output.FeatureRow}: one row of {@code features.parquet}, as a
 *       done marker keeps it.
 * </ul>
 *
 * <h2>Report</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.output.Json}: indented JSON for {@code report.json}.
 * </ul>
 */
package org.voxtile.spark.output;
