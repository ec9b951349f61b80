package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
 * volumes larger than memory, {@link #decompress} to a scratch {@code .nii} first (a streamed
 * copy with a fixed buffer; {@code voxtile convert IN.nii.gz OUT.nii} does the same).
 *
 * <p>Nothing is allocated or inflated from a header size before it has been checked against
 * the file length and {@link ReadLimits}; every malformed input gives an
 * {@link InvalidNiftiException} naming the file and the field. A reader is safe for concurrent
 * {@code read} calls.
 */
public final class NiftiReader implements AutoCloseable {
  private static final int CHUNK_BYTES = 1 << 20;
  /** The most bytes one read of several rows fetches ({@link ReadableFile#prefersFewReads}). */
  private static final long SPAN_BYTES = 8L << 20;

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
   * Writes the uncompressed bytes of a single-file {@code .nii.gz} to {@code nii} in one streaming
   * pass with a fixed buffer, so a compressed scan of any size becomes readable by region. Header,
   * extensions and data are copied unchanged; exactly vox_offset + data bytes are inflated, never
   * more. {@code nii} appears only once complete.
   *
   * <pre>{@code
   * Path scratch = NiftiReader.decompress(Path.of("t1.nii.gz"), workDir.resolve("t1.nii"), ReadLimits.DEFAULT);
   * }</pre>
   *
   * @throws InvalidNiftiException when {@code gz} is not a valid compressed single-file NIfTI
   */
  public static Path decompress(Path gz, Path nii, ReadLimits limits) {
    Path temp = NiftiFiles.temporaryName(nii.toAbsolutePath());
    try (OutputStream out = Files.newOutputStream(temp)) {
      decompress(new LocalFile(gz), out, limits);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + temp, e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
    try {
      NiftiFiles.moveIntoPlace(temp, nii);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("cannot write " + nii, e);
    }
    return nii;
  }

  /**
   * Streams the uncompressed bytes of a single-file {@code .nii.gz} on any file system (header,
   * extensions and data, exactly vox_offset + data bytes) into {@code out}, with a fixed buffer.
   * The caller owns {@code out}: it closes it and puts the result in place.
   *
   * @return the bytes written
   * @throws InvalidNiftiException when {@code gz} is not a valid compressed single-file NIfTI
   */
  public static long decompress(ReadableFile gz, OutputStream out, ReadLimits limits) {
    NiftiHeader header;
    try (NiftiReader reader = open(gz, limits)) {
      header = reader.header();
      checkArgument(reader.isCompressed() && header.singleFile(),
          "%s: decompress takes a gzipped single-file NIfTI (.nii.gz)", gz.name());
    }
    try (InputStream in = NiftiStreams.open(gz, gz.name())) {
      return copyExactly(in, header.voxOffset() + header.dataBytes(), out, gz.name());
    } catch (IOException e) {
      throw NiftiStreams.failure(gz.name(), e, "data");
    }
  }

  /**
   * For a {@code .hdr}/{@code .img} pair stored gzipped: streams the uncompressed image file
   * (exactly vox_offset + data bytes) into {@code out}. With {@link #decompressHeaderFile} it
   * makes an uncompressed pair that is read by range, as {@link #decompress} does for a
   * {@code .nii.gz}.
   *
   * @return the bytes written
   */
  public static long decompressDataFile(ReadableFile file, OutputStream out, ReadLimits limits) {
    NiftiHeader header;
    try (NiftiReader reader = open(file, limits)) {
      header = reader.header();
      checkArgument(reader.isCompressed() && !header.singleFile(),
          "%s: decompressDataFile takes a gzipped .hdr/.img pair", file.name());
    }
    ReadableFile data = NiftiFiles.resolve(file).data();
    try (InputStream in = NiftiStreams.open(data, data.name())) {
      return copyExactly(in, header.voxOffset() + header.dataBytes(), out, data.name());
    } catch (IOException e) {
      throw NiftiStreams.failure(data.name(), e, "data");
    }
  }

  /**
   * The uncompressed header file of a pair (see {@link #decompressDataFile}): the header, the
   * extension flag and the extensions, or no extensions when they exceed
   * {@link ReadLimits#maxExtensionBytes()} (the reader would skip them anyway).
   */
  public static void decompressHeaderFile(ReadableFile file, OutputStream out, ReadLimits limits) {
    ReadableFile headerFile = NiftiFiles.resolve(file).header();
    try (InputStream in = NiftiStreams.open(headerFile, headerFile.name())) {
      byte[] first = NiftiStreams.readUpTo(in, 4);
      int size = NiftiHeaderCodec.headerSize(first, headerFile.name());
      long bound = size + 4L + limits.maxExtensionBytes();
      byte[] rest = NiftiStreams.readUpTo(in, (int) Math.min(Integer.MAX_VALUE - 8, bound - 4 + 1));
      byte[] bytes = new byte[first.length + rest.length];
      System.arraycopy(first, 0, bytes, 0, first.length);
      System.arraycopy(rest, 0, bytes, first.length, rest.length);
      if (bytes.length > bound) { // extensions too large to keep: the header and a zero flag
        bytes = java.util.Arrays.copyOf(bytes, size + 4);
        java.util.Arrays.fill(bytes, size, size + 4, (byte) 0);
      }
      try {
        out.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the uncompressed copy of " + headerFile.name(), e);
      }
    } catch (IOException e) {
      throw NiftiStreams.failure(headerFile.name(), e, "header");
    }
  }

  /** Copies exactly {@code total} bytes; a shorter stream is a truncated file. */
  private static long copyExactly(InputStream in, long total, OutputStream out, String name) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long copied = 0;
    while (copied < total) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, total - copied));
      if (n < 0) {
        throw new InvalidNiftiException(name, "truncated data: the stream holds " + copied
            + " bytes, the header declares " + total + " (vox_offset + data)");
      }
      try {
        out.write(buffer, 0, n);
      } catch (IOException e) { // the destination's failure, not the compressed file's
        throw new UncheckedIOException("cannot write the uncompressed copy of " + name, e);
      }
      copied += n;
    }
    return copied;
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a leftover hidden .tmp file never looks like a result
    }
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
    DataSource data = source();
    long nx = header.extent().x();
    long ny = header.extent().y();
    long nz = header.extent().z();
    long rx = region.extent().x();
    long ry = region.extent().y();
    long rz = region.extent().z();
    boolean wholeRows = rx == nx;
    boolean wholeSlices = wholeRows && ry == ny;
    // A run is contiguous both in the file and in the volume: a row, a slab of whole rows, or a
    // block of whole slices.
    long runVoxels = wholeSlices ? rx * ry * rz : wholeRows ? rx * ry : rx;
    long zSteps = wholeSlices ? 1 : rz;
    long ySteps = wholeRows ? 1 : ry;
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, runVoxels * bytesPerVoxel))
        .order(header.byteOrder());
    long x0 = region.min().x();
    if (!wholeRows && !compressed && dataFile.prefersFewReads()) {
      for (int c = 0; c < channelCount; c++) {
        for (long z = region.min().z(); z < region.max().z(); z++) {
          long voxel = (((firstChannel + c) * nz + z) * ny + region.min().y()) * nx + x0;
          readRowsOfSlice(data, header.voxOffset() + voxel * bytesPerVoxel, rx, ry, out.data(),
              out.index(c, x0, region.min().y(), z));
        }
      }
      return out;
    }
    for (int c = 0; c < channelCount; c++) {
      long fileChannel = firstChannel + c;
      for (long zi = 0; zi < zSteps; zi++) {
        long z = region.min().z() + zi;
        for (long yi = 0; yi < ySteps; yi++) {
          long y = region.min().y() + yi;
          long voxel = ((fileChannel * nz + z) * ny + y) * nx + x0;
          readRun(data, header.voxOffset() + voxel * bytesPerVoxel, runVoxels, out.data(),
              out.index(c, x0, y, z), scratch);
        }
      }
    }
    return out;
  }

  private void readRun(DataSource data, long position, long voxels, float[] dst, int dstIndex,
      ByteBuffer scratch) {
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    int chunkVoxels = scratch.capacity() / bytesPerVoxel;
    boolean scaled = header.isScaled();
    while (voxels > 0) {
      int n = (int) Math.min(chunkVoxels, voxels);
      scratch.clear().limit(n * bytesPerVoxel);
      data.read(position, scratch);
      scratch.flip();
      header.datatype().decode(scratch, n, dst, dstIndex, scaled, header.sclSlope(), header.sclInter());
      position += (long) n * bytesPerVoxel;
      dstIndex += n;
      voxels -= n;
    }
  }

  /**
   * {@code rows} rows of {@code rowVoxels} voxels, one file row apart, starting at file offset
   * {@code position}, into consecutive rows of {@code dst}: as few reads as {@link #SPAN_BYTES}
   * allows, each covering several rows and the gaps between them.
   */
  private void readRowsOfSlice(DataSource data, long position, long rowVoxels, long rows, float[] dst,
      int dstIndex) {
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    long rowBytes = rowVoxels * bytesPerVoxel;
    long strideBytes = header.extent().x() * bytesPerVoxel;
    long rowsPerRead = Math.max(1, Math.min(rows, (SPAN_BYTES - rowBytes) / strideBytes + 1));
    ByteBuffer span = ByteBuffer.allocate(Math.toIntExact((rowsPerRead - 1) * strideBytes + rowBytes))
        .order(header.byteOrder());
    boolean scaled = header.isScaled();
    for (long first = 0; first < rows; first += rowsPerRead) {
      long n = Math.min(rowsPerRead, rows - first);
      span.clear().limit(Math.toIntExact((n - 1) * strideBytes + rowBytes));
      data.read(position + first * strideBytes, span);
      for (long r = 0; r < n; r++) {
        span.limit(Math.toIntExact(r * strideBytes + rowBytes)).position(Math.toIntExact(r * strideBytes));
        header.datatype().decode(span, (int) rowVoxels, dst, dstIndex + (int) ((first + r) * rowVoxels), scaled,
            header.sclSlope(), header.sclInter());
      }
    }
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
