package org.voxtile.storage.hadoop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.voxtile.nifti.ReadableFile;

/**
 * A file of a {@link HadoopStorage} as a {@link ReadableFile}: positional reads are
 * {@link org.apache.hadoop.fs.PositionedReadable#readFully} (HDFS preads: only the bytes asked
 * for cross the network), streams are {@code FileSystem.open}.
 */
final class HadoopFile implements ReadableFile {
  private final HadoopStorage storage;
  private final String uri;

  HadoopFile(HadoopStorage storage, String uri) {
    this.storage = storage;
    this.uri = uri;
  }

  @Override
  public String name() {
    return uri;
  }

  @Override
  public String fileName() {
    return storage.fileName(uri);
  }

  @Override
  public ReadableFile sibling(String fileName) {
    return new HadoopFile(storage, storage.child(storage.parent(uri), fileName));
  }

  @Override
  public long size() throws IOException {
    return storage.status(uri).getLen();
  }

  @Override
  public InputStream openStream() throws IOException {
    return storage.fileSystem(uri).open(new Path(uri));
  }

  /** A read from HDFS or S3 is a round trip: rows of a slice are better fetched together. */
  @Override
  public boolean prefersFewReads() {
    return true;
  }

  @Override
  public PositionalReads openPositional() throws IOException {
    FSDataInputStream in = storage.fileSystem(uri).open(new Path(uri));
    return new PositionalReads() {
      @Override
      public void readFully(long position, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        if (dst.hasArray()) {
          in.readFully(position, dst.array(), dst.arrayOffset() + dst.position(), n);
          dst.position(dst.position() + n);
        } else {
          byte[] bytes = new byte[n];
          in.readFully(position, bytes, 0, n);
          dst.put(bytes);
        }
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
