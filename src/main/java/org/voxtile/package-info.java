/**
 * voxtile: exact tiled 3D convolutional pipelines over multi-channel MRI volumes on Spark. This
 * root package holds what every room shares; the rooms are indexed in their own package-info.
 *
 * <h2>Shared by every package</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.VoxtileException} - root of the one unchecked exception family; messages name the file, node or value to fix
 *   <li>{@link org.voxtile.Checks} - precondition checks in Guava's idiom, without Guava
 *   <li>{@link org.voxtile.ByteSize} - sizes as users write them ({@code 512m}, {@code 2gib}) and as reports print them
 *   <li>{@link org.voxtile.Json} - the one JSON writer (report.json, info and describe --json, safetensors headers)
 * </ul>
 *
 * <h2>Rooms, dependencies pointing downwards</h2>
 *
 * <ul>
 *   <li>{@code cli} - command-line entry points
 *   <li>{@code spark} (with {@code spark.output}, {@code spark.stitch}) - the Spark job; the only Spark importer
 *   <li>{@code storage} (with {@code storage.hadoop}) - what voxtile needs of a file system
 *   <li>{@code tiling} - planner, staged plans, the single-JVM runner
 *   <li>{@code network} (with {@code network.pipeline}, {@code network.weights}) - pipeline files, weights, the DAG
 *   <li>{@code ops}, {@code stats}, {@code features} - kernels, exact reductions, feature statistics
 *   <li>{@code volume}, {@code nifti}, {@code geometry} - voxels, files, boxes
 * </ul>
 */
package org.voxtile;
