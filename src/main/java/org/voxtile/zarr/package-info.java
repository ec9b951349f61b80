/**
 * Zarr v2 arrays and OME-Zarr (OME-NGFF 0.4) images, read by region and written chunk by chunk,
 * through {@link org.voxtile.storage.Storage} (local or Hadoop). Pure: no Spark. It sits beside
 * {@code nifti}: the Spark job uses it, and it uses {@code nifti} ({@link
 * org.voxtile.nifti.VolumeReader}), {@code storage}, {@code volume} and the one JSON reader
 * ({@link org.voxtile.network.pipeline.StrictYaml#loadJson}) and writer ({@link org.voxtile.Json}).
 *
 * <ul>
 *   <li>{@link org.voxtile.zarr.ZarrArray}: one array (z, y, x) or (c, z, y, x), C order: x is the
 *       fastest axis as in a {@link org.voxtile.volume.Volume}; chunk keys, reads of the chunks a box
 *       overlaps (absent chunks are the fill value), writes of whole chunk-grid cells.
 *   <li>{@link org.voxtile.zarr.ZarrMetadata} ({@code .zarray}), {@link org.voxtile.zarr.ZarrDtype},
 *       {@link org.voxtile.zarr.ZarrCompressor} (none or zlib).
 *   <li>{@link org.voxtile.zarr.ZarrImage}: an OME-Zarr image being written (level {@code 0});
 *       {@link org.voxtile.zarr.OmeNgff}: its {@code .zattrs} and the NGFF rules checked on read.
 *   <li>{@link org.voxtile.zarr.ZarrSource}: a Zarr input as a {@link org.voxtile.nifti.VolumeReader}.
 *   <li>{@link org.voxtile.zarr.InvalidZarrException}: bad input, naming the array and the key.
 * </ul>
 */
package org.voxtile.zarr;
