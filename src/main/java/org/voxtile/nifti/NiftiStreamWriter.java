package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;
import static org.voxtile.Checks.checkState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Writes a NIfTI file slab by slab, so a volume larger than memory can be written: each
 * {@link #write} takes the next z-slab (full x and y of the file's region, all channels, z ranges
 * consecutive from the region's min z), in the region's global coordinates.
 *
 * <pre>{@code
 * Box region = Box.of(Extent.of(512, 512, 400));
 * NiftiStreamWriter out =
 *     NiftiStreamWriter.open(path, region, 2, orientation, NiftiWriteOptions.DEFAULTS);
 * try {
 *   for (Box slab : region.grid(Extent.of(512, 512, 16))) {   // whole x, y: z order
 *     out.write(compute(slab));
 *   }
 *   out.close();                // only now does `path` appear, complete
 * } catch (RuntimeException e) {
 *   out.abort();                // removes the temporary file
 *   throw e;
 * }
 * }</pre>
 *
 * <p>On disk a multi-channel file is channel-major (all of channel 0, then channel 1, ...), so a
 * slab's channels land at different places: the writer makes positional writes into an
 * uncompressed temporary file in the target's directory, one write per channel per slab. On
 * {@link #close()} it patches cal_min/cal_max (the range seen), then for a {@code .gz} target
 * compresses the temporary file in one pass into a second temporary (so a compressed target
 * costs the uncompressed size in temporary disk space once), and renames onto the target
 * atomically. A failed or incomplete write never leaves a file under the target name.
 *
 * <p>Integer datatypes use the options' fixed scaling; without one they are written unscaled
 * (rounded, clipped), since a stream cannot see the range before the first slab. Use
 * {@link NiftiWriter} to choose scaling from the data.
 */
public final class NiftiStreamWriter implements AutoCloseable {
  private static final int CHUNK_BYTES = 1 << 20;

  private final Path target;
  private final Path temp;
  private final Box region;
  private final int channels;
  private final Orientation orientation;
  private final NiftiWriteOptions options;
  private final StoredScaling scaling;
  private final NiftiHeader header;
  private FileChannel channel;
  private long nextZ;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private boolean finished;

  private NiftiStreamWriter(Path target, Box region, int channels, Orientation orientation,
      NiftiWriteOptions options) {
    this.target = target.toAbsolutePath();
    this.region = region;
    this.channels = channels;
    this.orientation = orientation.resampled(
        new double[] {region.min().x(), region.min().y(), region.min().z()}, new double[] {1, 1, 1});
    this.options = options;
    this.scaling = options.hasFixedScaling() && options.datatype().isInteger()
        ? new StoredScaling(options.datatype(), options.sclSlope(), options.sclInter())
        : StoredScaling.identity(options.datatype());
    this.header = NiftiWriter.header(region.extent(), channels, this.orientation, options, scaling, 0, 0);
    this.nextZ = region.min().z();
    try {
      this.temp = Files.createFile(NiftiFiles.temporaryName(this.target));
      this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      writeFully(ByteBuffer.wrap(headerBytes(header)), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file next to " + this.target, e);
    }
  }

  /**
   * Starts a file covering {@code region} (its voxel (0,0,0) is {@code region.min()}, the affine
   * moved to match) with {@code channels} channels.
   *
   * @param orientation orientation of the global grid the region lies in
   * @throws IllegalArgumentException for an empty region, no channels, or a name that is not
   *     {@code .nii} / {@code .nii.gz}
   */
  public static NiftiStreamWriter open(Path target, Box region, int channels, Orientation orientation,
      NiftiWriteOptions options) {
    String name = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    checkArgument(name.endsWith(".nii") || name.endsWith(".nii.gz"),
        "%s: voxtile writes .nii or .nii.gz files", target);
    checkArgument(!region.isEmpty() && channels >= 1, "%s: nothing to write: %s x %s channels",
        target, region, channels);
    return new NiftiStreamWriter(target, region, channels, orientation, options);
  }

  /** The header that will be written (cal_min/cal_max filled in on close). */
  public NiftiHeader header() {
    return header;
  }

  /**
   * Writes the next slab: x and y exactly the region's, z starting where the previous slab ended.
   *
   * @throws IllegalArgumentException for a slab out of order, of another shape or channel count
   */
  public void write(Volume slab) {
    checkState(!finished && channel != null, "%s: writer already closed", target);
    Box box = slab.box();
    checkArgument(slab.channels() == channels, "%s: slab has %s channels, the file %s", target,
        slab.channels(), channels);
    checkArgument(box.min().x() == region.min().x() && box.max().x() == region.max().x()
        && box.min().y() == region.min().y() && box.max().y() == region.max().y(),
        "%s: slab %s must span x and y of %s", target, box, region);
    checkArgument(box.min().z() == nextZ && box.max().z() <= region.max().z(),
        "%s: slab %s out of order: next z is %s, region %s", target, box, nextZ, region);
    long sliceVoxels = region.extent().x() * region.extent().y();
    long nz = region.extent().z();
    int bytesPerVoxel = options.datatype().bytesPerVoxel();
    int perChannel = slab.voxelsPerChannel();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) perChannel * bytesPerVoxel))
        .order(header.byteOrder());
    int chunkVoxels = buffer.capacity() / bytesPerVoxel;
    float[] data = slab.data();
    for (int c = 0; c < channels; c++) {
      long position = header.voxOffset()
          + ((c * nz + (box.min().z() - region.min().z())) * sliceVoxels) * bytesPerVoxel;
      for (int start = 0; start < perChannel; start += chunkVoxels) {
        int n = Math.min(chunkVoxels, perChannel - start);
        buffer.clear();
        for (int i = 0; i < n; i++) {
          float v = data[c * perChannel + start + i];
          if (Float.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
          options.datatype().encode(buffer, scaling.stored(v));
        }
        buffer.flip();
        writeFully(buffer, position);
        position += (long) n * bytesPerVoxel;
      }
    }
    nextZ = box.max().z();
  }

  /**
   * Finishes the file and moves it onto the target name.
   *
   * @throws IllegalStateException (after deleting the temporary file) when slabs are missing
   */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    if (nextZ != region.max().z()) {
      abort();
      throw new IllegalStateException(target + ": incomplete, slabs wrote z [" + region.min().z() + ", "
          + nextZ + ") of " + region + "; nothing written");
    }
    Path compressed = null;
    try {
      NiftiHeader done = NiftiWriter.header(region.extent(), channels, orientation, options, scaling,
          min, max);
      writeFully(ByteBuffer.wrap(headerBytes(done)), 0);
      boolean compress = NiftiFiles.isGzipName(target);
      if (!compress) {
        channel.force(false); // a .gz target forces its compressed copy instead; this one is deleted
      }
      channel.close();
      channel = null;
      Path finished = temp;
      if (compress) {
        compressed = Files.createFile(NiftiFiles.temporaryName(target));
        gzip(temp, compressed);
        Files.delete(temp);
        finished = compressed;
      }
      NiftiFiles.moveIntoPlace(finished, target);
      this.finished = true;
    } catch (IOException e) {
      abort();
      deleteQuietly(compressed);
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /** Gives up: deletes the temporary file; the target is left as it was. */
  public void abort() {
    finished = true;
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // the file is deleted next; nothing to save
    }
    channel = null;
    deleteQuietly(temp);
  }

  private static byte[] headerBytes(NiftiHeader h) {
    byte[] header = NiftiHeaderEncoder.encode(h);
    byte[] withFlag = new byte[header.length + 4]; // extension flag 0: no extensions
    System.arraycopy(header, 0, withFlag, 0, header.length);
    return withFlag;
  }

  private void writeFully(ByteBuffer buffer, long position) {
    try {
      while (buffer.hasRemaining()) {
        position += channel.write(buffer, position);
      }
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void gzip(Path from, Path to) throws IOException {
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = Files.newOutputStream(to)) {
      // deflate level 1 (nibabel's default) on all cores; the bytes do not depend on the core count
      ParallelGzip.withAvailableProcessors().compress(in, out);
    }
    // on disk before the rename, so a crash never leaves a truncated file under the final name
    // (fsync acts on the file, whichever descriptor asks)
    try (FileChannel file = FileChannel.open(to, StandardOpenOption.WRITE)) {
      file.force(false);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a leftover hidden .tmp file never looks like a result
    }
  }
}
