package org.voxtile.nifti;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A file NIfTI data are read from, wherever it lives: a local path ({@link LocalFile}) or a file
 * on another file system behind the same two ways of reading (the Spark job's Hadoop files). It
 * is streamed from the start for headers and compressed data, and read by position for the voxels
 * of an uncompressed file, so a reader fetches only the bytes of the box it is asked for.
 *
 * <pre>{@code
 * ReadableFile t1 = new LocalFile(Path.of("t1.nii"));
 * try (NiftiReader reader = NiftiReader.open(t1, ReadLimits.DEFAULT)) {
 *   Volume tile = reader.read(Box.of(0, 0, 0, 32, 32, 32));   // 32^3 voxels' bytes, not the file
 * }
 * }</pre>
 *
 * <p>A missing file is reported by {@link #size()} and the {@code open} methods as a
 * {@link java.io.FileNotFoundException} or a {@link java.nio.file.NoSuchFileException}; the
 * reader turns both into an {@link InvalidNiftiException} naming {@link #name()}.
 */
public interface ReadableFile {
  /** The file as the user named it (a path or a URI): how every message refers to it. */
  String name();

  /** The last part of the name, e.g. {@code t1.nii.gz}. */
  String fileName();

  /** The file called {@code fileName} in the same directory (the other half of a .hdr/.img pair). */
  ReadableFile sibling(String fileName);

  /** The length in bytes. */
  long size() throws IOException;

  /** A stream of the bytes from the start of the file (the caller buffers it). */
  InputStream openStream() throws IOException;

  /**
   * Whether every read is a round trip (a file on a remote file system), so that a reader fetches
   * the rows a box needs from one slice in one read, gaps between them included, instead of one
   * read per row. False (the default) for local files: each read is exactly the bytes needed.
   */
  default boolean prefersFewReads() {
    return false;
  }

  /** Positional reads: no shared file pointer, safe for concurrent use. */
  PositionalReads openPositional() throws IOException;

  /** Reads at any offset of an open file. */
  interface PositionalReads extends Closeable {
    /**
     * Fills {@code dst} (position to limit) with the bytes at file offset {@code position}.
     *
     * @throws java.io.EOFException when the file ends before {@code dst} is full
     */
    void readFully(long position, ByteBuffer dst) throws IOException;
  }
}
