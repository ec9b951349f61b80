/**
 * Integer voxel geometry: immutable value types, half-open everywhere, no I/O, no Spark.
 *
 * <h2>Positions and sizes</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.geometry.Index3} - a voxel position (x, y, z) = NIfTI (i, j, k); may be negative
 *   <li>{@link org.voxtile.geometry.Extent} - a size in voxels along (x, y, z); never confused with a position
 * </ul>
 *
 * <h2>Regions</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.geometry.Box} - a half-open box {@code {p | min <= p < max}}
 *   <li>{@link org.voxtile.geometry.Halo} - extra voxels per side around a box
 *   <li>{@link org.voxtile.geometry.BoxGrid} - a regular grid of cells (tiles, chunks) over a box
 * </ul>
 */
package org.voxtile.geometry;
