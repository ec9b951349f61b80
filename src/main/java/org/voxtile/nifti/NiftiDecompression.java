package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Uncompressed copies of gzipped NIfTI files, so that a compressed scan of any size can be read by
 * region ({@link NiftiReader} inflates a compressed file whole, into memory). Each copy is one
 * streaming pass with a fixed buffer; a data copy inflates exactly vox_offset + data bytes, never
 * more, after the header has been checked as {@link NiftiReader#open} checks it. Header,
 * extensions and data are copied unchanged. A stream shorter than its header declares is an
 * {@link InvalidNiftiException} naming the file; a failure to write the copy is an
 * {@link UncheckedIOException} naming it.
 */
public final class NiftiDecompression {
  private NiftiDecompression() {}

  /**
   * Writes the uncompressed bytes of a single-file {@code .nii.gz} to {@code nii} in one streaming
   * pass with a fixed buffer, so a compressed scan of any size becomes readable by region. Header,
   * extensions and data are copied unchanged; exactly vox_offset + data bytes are inflated, never
   * more. {@code nii} appears only once complete.
   *
   * <pre>{@code
   * Path scratch = NiftiDecompression.decompress(Path.of("t1.nii.gz"), workDir.resolve("t1.nii"), ReadLimits.DEFAULT);
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
    try (NiftiReader reader = NiftiReader.open(gz, limits)) {
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
    try (NiftiReader reader = NiftiReader.open(file, limits)) {
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
        bytes = Arrays.copyOf(bytes, size + 4);
        Arrays.fill(bytes, size, size + 4, (byte) 0);
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
}
