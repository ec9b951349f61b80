/**
 * NIfTI-1 and NIfTI-2 input and output, matching nibabel 5.0 value for value.
 *
 * <ul>
 *   <li>{@link org.voxtile.nifti.NiftiReader}: header on open (cheap), then {@code read(Box,
 *       channels)} as float32 {@link org.voxtile.volume.Volume}s in global coordinates;
 *       positional reads of exactly the box's bytes for {@code .nii}/{@code .img}, one in-memory
 *       inflation for {@code .gz}; {@code decompress} for gz inputs larger than memory.
 *   <li>{@link org.voxtile.nifti.MultiChannelSource}: named 3D/4D files stacked as channels, grids
 *       checked to agree.
 *   <li>{@link org.voxtile.nifti.ReadableFile}: where the bytes come from (name, size, a stream,
 *       positional reads); {@link org.voxtile.nifti.LocalFile} for paths, with a
 *       {@code FileChannel}. Other file systems (HDFS, S3) implement it outside this package, so
 *       it imports neither Spark nor Hadoop.
 *   <li>{@link org.voxtile.nifti.NiftiWriter} (whole volume, or {@code copy} from a reader) and
 *       {@link org.voxtile.nifti.NiftiStreamWriter} (z-slabs, larger than memory), {@code .nii} or
 *       {@code .nii.gz}, written under a temporary name and renamed on success.
 *   <li>{@link org.voxtile.nifti.NiftiHeader} (values), {@link org.voxtile.nifti.Nifti1Layout} /
 *       {@link org.voxtile.nifti.Nifti2Layout} (bytes), {@link org.voxtile.nifti.NiftiAffines}
 *       (sform, qform, base affine as nibabel).
 * </ul>
 *
 * Every malformed or hostile input gives an {@link org.voxtile.nifti.InvalidNiftiException}
 * naming the file and the field; sizes from headers are checked against the file and
 * {@link org.voxtile.nifti.ReadLimits} before anything is allocated or inflated.
 */
package org.voxtile.nifti;
