package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Reads a NIfTI-1 or NIfTI-2 file ({@code .nii}, {@code .nii.gz}, {@code .hdr}/{@code .img} pairs,
 * gzipped or not, either byte order): the header on {@link #open}, voxels by region on
 * {@link #read(Box, int, int)}, as float32 {@link Volume}s in global voxel coordinates with the
 * file's {@link Orientation}. Values are nibabel's {@code get_fdata()} rounded to float32.
 *
 * <pre>{@code
 * try (NiftiReader reader = NiftiReader.open(Path.of("t1.nii"))) {
 *   Box needed = tile.expand(halo).intersect(reader.box());   // never ask outside [0, dims)
 *   Volume v = reader.read(needed);                            // all channels
 * }
 * }</pre>
 *
 * <p><b>Cost model.</b> {@code open} reads only the header and extensions (header bytes plus the
 * extension area, also for {@code .gz}: it inflates only that prefix), so a driver can plan from
 * headers alone. For an uncompressed file, {@code read(box, ...)} issues positional reads of
 * exactly the box's bytes: one run per (channel, z, y) row of {@code box.x} voxels, one per
 * (channel, z) slice when the box spans x entirely, one per channel when it spans x and y; bytes
 * read = voxels x channels x bytes per voxel, whatever the file size ({@link #bytesRead()}
 * counts them). On a file that {@link ReadableFile#prefersFewReads() prefers few reads} (HDFS,
 * S3), the rows of a box that does not span x are fetched one read per (channel, z) slice with the
 * gaps between rows (at most {@code dims.x / box.x} times the bytes, a round trip per slice
 * instead of per row). A compressed file cannot be read at an offset: the first {@code read} inflates
 * the whole data once, in one streaming pass, into memory (bounded by
 * {@link ReadLimits#maxInMemoryBytes()}), and every later region read copies from there. For
 * volumes larger than memory, {@link NiftiDecompression#decompress} to a scratch {@code .nii} first (a streamed
 * copy with a fixed buffer; {@code voxtile convert IN.nii.gz OUT.nii} does the same).
 *
 * <p>Nothing is allocated or inflated from a header size before it has been checked against
 * the file length and {@link ReadLimits}; every malformed input gives an
 * {@link InvalidNiftiException} naming the file and the field. A reader is safe for concurrent
 * {@code read} calls.
 */
public final class NiftiReader implements VolumeReader {
  private final ReadableFile file;
  private final ReadableFile dataFile;
  private final NiftiHeader header;
  private final ReadLimits limits;
  private final boolean compressed;
  private final Orientation orientation;
  private DataSource source; // opened lazily: a header-only reader holds no file open

  private NiftiReader(ReadableFile file, ReadableFile dataFile, NiftiHeader header, ReadLimits limits,
      boolean compressed) {
    this.file = file;
    this.dataFile = dataFile;
    this.header = header;
    this.limits = limits;
    this.compressed = compressed;
    this.orientation = header.orientation();
  }

  /** Opens {@code file} with {@link ReadLimits#DEFAULT}. */
  public static NiftiReader open(Path file) {
    return open(file, ReadLimits.DEFAULT);
  }

  /**
   * Reads and checks the header (and extensions) of {@code file}; voxel data are read on demand.
   *
   * @throws InvalidNiftiException when the file is not a readable NIfTI file within {@code limits}
   * @throws UncheckedIOException when the file cannot be read at all (e.g. missing)
   */
  public static NiftiReader open(Path file, ReadLimits limits) {
    return open(new LocalFile(file), limits);
  }

  /**
   * As {@link #open(Path, ReadLimits)}, for a file on any file system: the header is streamed,
   * the voxels of an uncompressed file are read by position.
   */
  public static NiftiReader open(ReadableFile file, ReadLimits limits) {
    NiftiFiles.Pair pair = NiftiFiles.resolve(file);
    String name = file.name();
    NiftiHeader header;
    try (InputStream in = NiftiStreams.open(pair.header(), name)) {
      header = NiftiStreams.readHeader(in, name, pair.single(), limits);
    } catch (IOException e) {
      throw NiftiStreams.failure(name, e, "header");
    }
    if (header.voxelCount() > limits.maxVoxels()) {
      throw new InvalidNiftiException(name, "dim=" + Arrays.toString(header.dim()) + " declares "
          + header.voxelCount() + " voxels, more than the limit of " + limits.maxVoxels()
          + " (ReadLimits.maxVoxels)");
    }
    boolean compressed = NiftiStreams.isGzip(pair.data(), name);
    if (!compressed) {
      long size = NiftiStreams.size(pair.data());
      if (header.voxOffset() > size) {
        throw new InvalidNiftiException(name, "vox_offset=" + header.voxOffset()
            + " lies past the end of the data file (" + size + " bytes)");
      }
      long needed = header.voxOffset() + header.dataBytes();
      if (size < needed) {
        throw new InvalidNiftiException(name, "truncated data: dim=" + Arrays.toString(header.dim())
            + " of " + header.datatype().label() + " from vox_offset=" + header.voxOffset() + " need "
            + needed + " bytes, the data file has " + size);
      }
    }
    return new NiftiReader(file, pair.data(), header, limits, compressed);
  }

  /**
   * Writes the uncompressed copy of a single-file {@code .nii.gz} to {@code nii}, so a compressed
   * scan of any size becomes readable by region: {@link NiftiDecompression#decompress(Path, Path,
   * ReadLimits)}.
   */
  public static Path decompress(Path gz, Path nii, ReadLimits limits) {
    return NiftiDecompression.decompress(gz, nii, limits);
  }

  /** The header of {@code file} alone: the cheap call a planner makes for every input. */
  public static NiftiHeader readHeader(Path file) {
    try (NiftiReader reader = open(file)) {
      return reader.header();
    }
  }

  /** The file as opened (its {@link ReadableFile#name()} is how messages name it). */
  public ReadableFile file() {
    return file;
  }

  /** The file's name as the user gave it. */
  public String name() {
    return file.name();
  }

  public NiftiHeader header() {
    return header;
  }

  /** [0, dims) over the spatial axes. */
  public Box box() {
    return header.box();
  }

  public int channels() {
    return header.channels();
  }

  public Orientation orientation() {
    return orientation;
  }

  public boolean isCompressed() {
    return compressed;
  }

  /** Voxel data bytes read so far (from disk, or from the inflated copy of a compressed file). */
  public long bytesRead() {
    DataSource s = source;
    return s == null ? 0 : s.bytesRead();
  }

  /** Every voxel of every channel. */
  public Volume readAll() {
    return read(box(), 0, channels());
  }

  /** All channels of {@code region}. */
  public Volume read(Box region) {
    return read(region, 0, channels());
  }

  /**
   * Channels {@code [firstChannel, firstChannel + channelCount)} of {@code region}, which must lie
   * in {@link #box()}: a tile's halo that reaches outside the volume is the caller's padding.
   *
   * @throws IllegalArgumentException when the region or channels fall outside the file
   * @throws InvalidNiftiException when the data turn out truncated or corrupt
   */
  public Volume read(Box region, int firstChannel, int channelCount) {
    checkArgument(box().contains(region), "%s: region %s outside the volume %s",
        name(), region, box());
    checkArgument(firstChannel >= 0 && channelCount >= 1
        && firstChannel + channelCount <= channels(), "%s: channels [%s, %s) outside 0..%s", name(),
        firstChannel, firstChannel + channelCount, channels());
    Volume out = Volume.zeros(region, channelCount).withOrientation(orientation);
    if (region.isEmpty()) {
      return out;
    }
    new RegionDecoder(header, source(), !compressed && dataFile.prefersFewReads())
        .read(region, firstChannel, out);
    return out;
  }

  private synchronized DataSource source() {
    if (source == null) {
      source = compressed ? inflate() : new DataSource.FromFile(dataFile);
    }
    return source;
  }

  /** The whole data of a compressed file, inflated once; never more than the declared bytes. */
  private DataSource inflate() {
    String name = file.name();
    long bytes = header.dataBytes();
    if (bytes > limits.maxInMemoryBytes()) {
      throw new InvalidNiftiException(name, "compressed data of " + bytes + " bytes (dim="
          + Arrays.toString(header.dim()) + ") exceed the in-memory limit of "
          + limits.maxInMemoryBytes() + " bytes; convert to .nii first (voxtile convert) for ranged reads");
    }
    try (InputStream in = NiftiStreams.open(dataFile, name)) {
      long toSkip = header.voxOffset();
      while (toSkip > 0) {
        long n = in.skip(toSkip);
        if (n <= 0) {
          if (in.read() < 0) {
            throw new InvalidNiftiException(name, "truncated data: the stream ends before vox_offset="
                + header.voxOffset());
          }
          n = 1;
        }
        toSkip -= n;
      }
      byte[] data = in.readNBytes((int) bytes);
      if (data.length < bytes) {
        throw new InvalidNiftiException(name, "truncated data: dim=" + Arrays.toString(header.dim())
            + " of " + header.datatype().label() + " need " + bytes + " bytes after vox_offset="
            + header.voxOffset() + ", the stream holds " + data.length);
      }
      return new DataSource.InMemory(data, header.voxOffset());
    } catch (IOException e) {
      throw NiftiStreams.failure(name, e, "data");
    }
  }

  @Override
  public synchronized void close() {
    if (source != null) {
      source.close();
      source = null;
    }
  }
}
