package org.voxtile.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.voxtile.nifti.ReadableFile;

/**
 * A file on a Hadoop file system as a {@link ReadableFile}: positional reads are
 * {@link org.apache.hadoop.fs.PositionedReadable#readFully} (HDFS preads: only the bytes asked
 * for cross the network), streams are {@code FileSystem.open}.
 */
final class HadoopFile implements ReadableFile {
  private final Location location;

  HadoopFile(Location location) {
    this.location = location;
  }

  @Override
  public String name() {
    return location.toString();
  }

  @Override
  public String fileName() {
    return location.fileName();
  }

  @Override
  public ReadableFile sibling(String fileName) {
    return new HadoopFile(location.parent().resolve(fileName));
  }

  @Override
  public long size() throws IOException {
    return HadoopFiles.status(location).getLen();
  }

  @Override
  public InputStream openStream() throws IOException {
    return HadoopFiles.fileSystem(location).open(HadoopFiles.path(location));
  }

  /** A read from HDFS or S3 is a round trip: rows of a slice are better fetched together. */
  @Override
  public boolean prefersFewReads() {
    return true;
  }

  @Override
  public PositionalReads openPositional() throws IOException {
    FSDataInputStream in = HadoopFiles.fileSystem(location).open(HadoopFiles.path(location));
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
