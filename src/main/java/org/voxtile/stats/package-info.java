/**
 * Exact reductions of float32 maps, mergeable in any order with identical results: what a global
 * op's statistics are made of when a scan is computed tile by tile. Pure Java, no Spark.
 *
 * <p><b>Partials</b>
 *
 * <ul>
 *   <li>{@link org.voxtile.stats.Partial}: a tile's exact partial reduction; merge is associative
 *       and commutative.
 *   <li>{@link org.voxtile.stats.Moments}: count, sum, sum of squares, min and max per channel or
 *       group; mean and population variance rounded once.
 *   <li>{@link org.voxtile.stats.KeyHistogram}: counts over the order-preserving keys of the
 *       floats, per bin of 2^16 keys (pass 1) or per key within chosen bins (pass 2).
 * </ul>
 *
 * <p><b>Exact arithmetic</b>
 *
 * <ul>
 *   <li>{@link org.voxtile.stats.FloatSums}: the superaccumulator of values and squares (long
 *       buckets per power of two with carry normalisation).
 *   <li>{@code ExactRatio} (package-private): an exact rational rounded once to a double.
 * </ul>
 *
 * <p><b>Selection</b>
 *
 * <ul>
 *   <li>{@link org.voxtile.stats.Percentiles}: exact order statistics from the two histogram
 *       passes, with numpy.percentile's linear interpolation.
 *   <li>{@link org.voxtile.stats.MaskedVoxels}: which voxels a statistic counts (all, non-zero,
 *       a mask map) and the walk that feeds them to a partial.
 * </ul>
 */
package org.voxtile.stats;
