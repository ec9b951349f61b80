package org.voxtile.nifti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  /** Positional reads through a {@link FileChannel}: no shared file pointer, no seeking. */
  static final class FromFile extends DataSource {
    private final Path file;
    private final FileChannel channel;

    FromFile(Path file) {
      this.file = file;
      try {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open " + file, e);
      }
    }

    @Override
    void readFully(long position, ByteBuffer dst) {
      try {
        while (dst.hasRemaining()) {
          int n = channel.read(dst, position);
          if (n < 0) {
            throw new InvalidNiftiException(file, "truncated data: the file ends at byte " + position
                + " before the voxels the header declares");
          }
          position += n;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
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
