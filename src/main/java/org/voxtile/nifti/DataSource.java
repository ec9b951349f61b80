package org.voxtile.nifti;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where voxel bytes come from: positional reads of an uncompressed file, or an array holding the
 * data of a decompressed one. Counts the bytes it hands out, so tests can prove a region read
 * touched only the bytes it needed. Safe for concurrent reads.
 */
abstract class DataSource implements AutoCloseable {
  private final AtomicLong bytesRead = new AtomicLong();

  /** Fills {@code dst} (position to limit) with the bytes at file offset {@code position}. */
  final void read(long position, ByteBuffer dst) {
    bytesRead.addAndGet(dst.remaining());
    readFully(position, dst);
  }

  abstract void readFully(long position, ByteBuffer dst);

  long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public void close() {}

  /**
   * Positional reads of a file ({@link ReadableFile#openPositional}: a {@code FileChannel} for a
   * local file): no shared file pointer, no seeking.
   */
  static final class FromFile extends DataSource {
    private final ReadableFile file;
    private final ReadableFile.PositionalReads reads;

    FromFile(ReadableFile file) {
      this.file = file;
      try {
        this.reads = file.openPositional();
      } catch (IOException e) {
        throw NiftiStreams.failure(file.name(), e, "data");
      }
    }

    @Override
    void readFully(long position, ByteBuffer dst) {
      try {
        reads.readFully(position, dst);
      } catch (EOFException e) {
        throw new InvalidNiftiException(file.name(), "truncated data: the file ends before the voxels the header "
            + "declares (reading at byte " + position + ")");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file.name(), e);
      }
    }

    @Override
    public void close() {
      try {
        reads.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file.name(), e);
      }
    }
  }

  /** Voxel bytes held in memory; {@code base} is the file offset of {@code bytes[0]}. */
  static final class InMemory extends DataSource {
    private final byte[] bytes;
    private final long base;

    InMemory(byte[] bytes, long base) {
      this.bytes = bytes;
      this.base = base;
    }

    @Override
    void readFully(long position, ByteBuffer dst) {
      dst.put(bytes, Math.toIntExact(position - base), dst.remaining());
    }
  }
}
