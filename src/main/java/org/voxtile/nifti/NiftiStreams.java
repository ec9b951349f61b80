package org.voxtile.nifti;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Stream-side reading for {@link NiftiReader}: opening plain or gzipped files (told apart by the
 * gzip magic bytes, not the name), reading a header and its extensions from the start of a
 * stream, and turning I/O failures into {@link InvalidNiftiException}s that name the file.
 */
final class NiftiStreams {
  private NiftiStreams() {}

  /**
   * Reads the header and, when the extension flag is set and the area is within
   * {@link ReadLimits#maxExtensionBytes()}, the extensions (larger areas are skipped unread).
   */
  static NiftiHeader readHeader(InputStream in, String name, boolean single, ReadLimits limits)
      throws IOException {
    byte[] first = readUpTo(in, 4);
    if (first.length < 4) {
      throw new InvalidNiftiException(name, "truncated header: " + first.length + " bytes, expected 348 or 540");
    }
    int size = NiftiHeaderCodec.headerSize(first, name);
    byte[] rest = readUpTo(in, size - 4);
    if (rest.length < size - 4) {
      throw new InvalidNiftiException(name, "truncated header: " + (4 + rest.length) + " bytes, expected " + size);
    }
    byte[] bytes = new byte[size];
    System.arraycopy(first, 0, bytes, 0, 4);
    System.arraycopy(rest, 0, bytes, 4, rest.length);
    NiftiHeader header = NiftiHeaderCodec.parse(bytes, name, single);
    byte[] flag = readUpTo(in, 4);
    if (flag.length < 4 || flag[0] == 0) {
      return header;
    }
    // Extensions run to vox_offset in a single file, to the end of a .hdr file.
    long area = single ? header.voxOffset() - size - 4 : limits.maxExtensionBytes() + 1L;
    if (area > limits.maxExtensionBytes()) {
      return header; // too large to keep: skipped, never allocated
    }
    byte[] extensionBytes = readUpTo(in, (int) area);
    if (single && extensionBytes.length < area) {
      throw new InvalidNiftiException(name, "truncated extensions: the file ends before vox_offset="
          + header.voxOffset());
    }
    List<NiftiExtension> extensions =
        NiftiHeaderCodec.parseExtensions(extensionBytes, header.byteOrder(), name);
    return header.withLayout(header.voxOffset(), extensions, single);
  }

  static InputStream open(ReadableFile file, String name) throws IOException {
    InputStream in = new BufferedInputStream(file.openStream(), 1 << 16);
    if (isGzip(file, name)) {
      try {
        return new GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        in.close();
        throw e;
      }
    }
    return in;
  }

  static boolean isGzip(ReadableFile file, String name) {
    try (InputStream in = file.openStream()) {
      byte[] magic = in.readNBytes(2);
      return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    } catch (NoSuchFileException | FileNotFoundException e) { // local files, Hadoop's files
      throw new InvalidNiftiException(name, "file not found: " + file.name());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.name(), e);
    }
  }

  static long size(ReadableFile file) {
    try {
      return file.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.name(), e);
    }
  }

  /** Reads up to {@code n} bytes: fewer only at the end of the stream. */
  static byte[] readUpTo(InputStream in, int n) throws IOException {
    return in.readNBytes(n);
  }

  static RuntimeException failure(String name, IOException e, String part) {
    if (e instanceof ZipException) {
      return new InvalidNiftiException(name, "corrupt gzip stream in the " + part + ": " + e.getMessage(), e);
    }
    if (e instanceof EOFException) {
      return new InvalidNiftiException(name, "truncated gzip stream in the " + part, e);
    }
    if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
      return new InvalidNiftiException(name, "file not found: " + e.getMessage(), e);
    }
    return new UncheckedIOException("cannot read " + name, e);
  }

}
