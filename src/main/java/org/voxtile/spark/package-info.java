/**
 * The Spark job: an adapter around the single-JVM core. {@link org.voxtile.spark.VoxtileJob#run}
 * validates everything on the driver from headers (pipeline, weights, inputs, tile plan, output
 * directory), then runs each scan as one Spark task per tile ({@code TileTask}: reopens the files,
 * reads its input box, computes with {@link org.voxtile.tiling.TileRunner}, writes its output
 * tiles to {@code DIR/_temporary}), stitches each output on the driver one z-slab of tiles at a
 * time into a NIfTI stream writer, merges the tiles' feature partials (exact SPP, per-channel
 * statistics) into {@code features.parquet}, writes {@code report.json} and {@code _SUCCESS}
 * last. Nothing outside this package and {@code cli} imports Spark.
 */
package org.voxtile.spark;
