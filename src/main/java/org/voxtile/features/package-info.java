/**
 * Features of a scan computed exactly from tiles: each tile contributes a partial over the voxels
 * it owns, and merging the partials in any order gives the bits of computing over the whole map.
 * Pure computation: no Spark, no Hadoop, no I/O (the Spark table they end up in is
 * {@code org.voxtile.spark.FeatureTable}).
 *
 * <ul>
 *   <li>{@link org.voxtile.features.ExactSum}: a sum of doubles independent of the order of
 *       addition.
 *   <li>{@link org.voxtile.features.ChannelStats}: count, mean, standard deviation, min, max and
 *       percentiles of one channel, mergeable.
 *   <li>{@link org.voxtile.features.SppAccumulator}: spatial pyramid pooling of a whole feature
 *       map from its pieces.
 *   <li>{@link org.voxtile.features.TileFeatures}: a tile's share of a scan's features (partial
 *       SPP and per-channel statistics).
 * </ul>
 */
package org.voxtile.features;
