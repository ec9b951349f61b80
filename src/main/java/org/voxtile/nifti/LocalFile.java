package org.voxtile.nifti;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file on the local file system: streams through {@link Files#newInputStream}, positional reads
 * through a {@link FileChannel} (the fast path: no seeking, no shared file pointer, no copy
 * through a library buffer).
 *
 * @param path the file, as given (relative paths stay relative in messages)
 */
public record LocalFile(Path path) implements ReadableFile {
  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public String fileName() {
    return path.getFileName().toString();
  }

  @Override
  public ReadableFile sibling(String fileName) {
    return new LocalFile(path.resolveSibling(fileName));
  }

  @Override
  public long size() throws IOException {
    return Files.size(path);
  }

  @Override
  public InputStream openStream() throws IOException {
    return Files.newInputStream(path);
  }

  @Override
  public PositionalReads openPositional() throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return new PositionalReads() {
      @Override
      public void readFully(long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
          int n = channel.read(dst, at);
          if (n < 0) {
            throw new EOFException(path + " ends at byte " + at);
          }
          at += n;
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
