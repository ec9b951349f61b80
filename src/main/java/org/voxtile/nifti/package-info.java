/**
 * NIfTI-1 and NIfTI-2 input and output, matching nibabel 5.0 value for value. Pure computation and
 * java.nio: it imports neither Spark nor Hadoop.
 *
 * <h2>Reading</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.nifti.NiftiReader}: header on open (cheap), then {@code read(Box,
 *       channels)} as float32 {@link org.voxtile.volume.Volume}s in global coordinates;
 *       positional reads of exactly the box's bytes for {@code .nii}/{@code .img}, one in-memory
 *       inflation for {@code .gz}.
 *   <li>{@link org.voxtile.nifti.RegionDecoder}: a region cut into runs contiguous in file and
 *       volume, read in chunks (or spans of rows) and decoded to float32.
 *   <li>{@link org.voxtile.nifti.DataSource}: where a reader's voxel bytes come from: the file by
 *       position, or the inflated copy of a compressed one.
 *   <li>{@link org.voxtile.nifti.NiftiDecompression}: uncompressed copies of {@code .nii.gz} and
 *       gzipped pairs, for gz inputs larger than memory.
 *   <li>{@link org.voxtile.nifti.MultiChannelSource}: named 3D/4D files stacked as channels, grids
 *       checked to agree; any {@link org.voxtile.nifti.VolumeReader} (a NIfTI file, a Zarr array).
 *   <li>{@link org.voxtile.nifti.ReadLimits}: the most voxels, in-memory bytes and extension bytes
 *       a header may make a reader allocate.
 * </ul>
 *
 * <h2>Files and streams</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.nifti.ReadableFile}: where the bytes come from (name, size, a stream,
 *       positional reads); {@link org.voxtile.nifti.LocalFile} for paths, with a
 *       {@code FileChannel}. Other file systems (HDFS, S3) implement it outside this package.
 *   <li>{@link org.voxtile.nifti.NiftiFiles}: {@code .nii} files and {@code .hdr}/{@code .img}
 *       pairs, temporary names and moves into place.
 *   <li>{@link org.voxtile.nifti.NiftiStreams}: gzip detection, header and extensions from the
 *       start of a stream, I/O failures named by file.
 * </ul>
 *
 * <h2>Header</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.nifti.NiftiHeader} (values), {@link org.voxtile.nifti.NiftiExtension}
 *       (one extension), {@link org.voxtile.nifti.NiftiDataType} (datatype codes, decoding to
 *       float32).
 *   <li>{@link org.voxtile.nifti.NiftiHeaderCodec}: header bytes to a checked header, and the
 *       extension area; {@link org.voxtile.nifti.NiftiHeaderEncoder}: a header back to bytes.
 *   <li>{@link org.voxtile.nifti.Nifti1Layout} / {@link org.voxtile.nifti.Nifti2Layout}: field
 *       offsets and magic of the two versions.
 *   <li>{@link org.voxtile.nifti.NiftiAffines}: sform, qform and base affine as nibabel.
 * </ul>
 *
 * <h2>Writing</h2>
 *
 * <ul>
 *   <li>{@link org.voxtile.nifti.NiftiWriter} (whole volume, or {@code copy} from a reader) and
 *       {@link org.voxtile.nifti.NiftiStreamWriter} (z-slabs, larger than memory), {@code .nii} or
 *       {@code .nii.gz}, written under a temporary name and renamed on success.
 *   <li>{@link org.voxtile.nifti.NiftiWriteOptions}: datatype, scaling and texts of a written
 *       file; {@link org.voxtile.nifti.StoredScaling}: float values to stored integers.
 *   <li>{@link org.voxtile.nifti.ParallelGzip}: gzip on several threads, the same bytes whatever
 *       the thread count; {@link org.voxtile.nifti.DeflateBlock}: one independently deflated
 *       block of it.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * Every malformed or hostile input gives an {@link org.voxtile.nifti.InvalidNiftiException}
 * naming the file and the field; sizes from headers are checked against the file and
 * {@link org.voxtile.nifti.ReadLimits} before anything is allocated or inflated.
 */
package org.voxtile.nifti;
