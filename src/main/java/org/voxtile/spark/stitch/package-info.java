/**
 * From the tasks' scratch tiles to finished output files on the driver, one z-slab at a time,
 * the scratch maps a staged plan materialises between its stages, and the preview image.
 *
 * <h2>Stitching</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.stitch.Stitcher}: streams an output node's tiles into its NIfTI
 *       file(s), holding one slab of tiles at most, in the output's datatype.
 *   <li>{@link org.voxtile.spark.stitch.OutputValueException}: a value a label output's integer
 *       datatype cannot hold; the stitch stops and leaves no file.
 *   <li>{@link org.voxtile.spark.stitch.TileScratch}: one tile of one node on disk, between the
 *       task that wrote it and the driver.
 *   <li>{@link org.voxtile.spark.stitch.WindowBlender}: sliding-window mode's blend, z-slab by z-slab,
 *       windows in MONAI's order, into the same streamed writer.
 *   <li>{@link org.voxtile.spark.stitch.ChunkedScratch}: a staged plan's materialised maps, one
 *       {@code TileScratch} chunk per tile of the stage that writes them, read back by region.
 *   <li>{@link org.voxtile.spark.stitch.TileArrivals}: when a tile is there to read, so stitching
 *       overlaps the tasks.
 *   <li>{@link org.voxtile.spark.stitch.OutputGeometry}: where an output node's voxels lie in the
 *       world (its affine).
 * </ul>
 *
 * <h2>Preview</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.spark.stitch.MidSlices}: the three mid slices of a volume, kept while
 *       stitching or read by range.
 *   <li>{@link org.voxtile.spark.stitch.Preview}: {@code preview.png}, one row per channel.
 * </ul>
 */
package org.voxtile.spark.stitch;
