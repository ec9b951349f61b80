/**
 * Voxels in memory and where they sit in the world. No I/O, no Spark.
 *
 * <h2>Voxels</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.volume.Volume} - float32 channels over a box, one flat array, x fastest
 *   <li>{@link org.voxtile.volume.Phantom} - the synthetic two-channel head of {@code data-samples/}
 * </ul>
 *
 * <h2>World geometry</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.volume.Affine} - an immutable 4x4 voxel-to-world map
 *   <li>{@link org.voxtile.volume.Orientation} - a grid's affine and units; axis codes such as RAS
 *   <li>{@link org.voxtile.volume.SpatialUnit} - the NIfTI spatial units (mm, um, m)
 *   <li>{@link org.voxtile.volume.Grid} - a node's voxel grid: extent plus affine
 *   <li>{@link org.voxtile.volume.AxisOrientation} - nibabel's orientation arrays: io_orientation,
 *       axcodes2ornt, ornt_transform
 * </ul>
 */
package org.voxtile.volume;
