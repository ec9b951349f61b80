package org.voxtile.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.voxtile.VoxtileException;

/**
 * The operations of a non-local {@link Location}, through Hadoop's {@link FileSystem} with the
 * JVM's {@link HadoopConf}. A scheme without a file system on the classpath ({@code s3a} without
 * hadoop-aws) is a {@link VoxtileException} naming the location, the scheme and the connector.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  static Path path(Location at) {
    return new Path(at.toString());
  }

  /**
   * The file system of {@code at} (cached by Hadoop per scheme and authority).
   *
   * @throws VoxtileException when no file system serves the scheme
   */
  static FileSystem fileSystem(Location at) {
    try {
      return path(at).getFileSystem(HadoopConf.current());
    } catch (UnsupportedFileSystemException e) { // no fs.<scheme>.impl at all
      throw unsupported(at);
    } catch (RuntimeException e) { // fs.<scheme>.impl names a class not on the classpath (s3a in core-default.xml)
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ClassNotFoundException) {
          throw unsupported(at);
        }
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + at, e);
    }
  }

  static VoxtileException unsupported(Location at) {
    String scheme = at.scheme();
    String connector = scheme.startsWith("s3") ? " (for s3a://: hadoop-aws and the AWS SDK bundle, e.g."
        + " spark-submit --packages org.apache.hadoop:hadoop-aws:<Spark's Hadoop version>)"
        : scheme.equals("gs") ? " (for gs://: the GCS connector jar)"
        : scheme.startsWith("abfs") ? " (for abfs://: hadoop-azure)" : "";
    return new VoxtileException(at + ": no Hadoop FileSystem for scheme \"" + scheme + "\" on the classpath;"
        + " put its connector on the driver and executor classpath" + connector);
  }

  static FileStatus status(Location at) throws IOException {
    return fileSystem(at).getFileStatus(path(at));
  }

  static boolean exists(Location at) {
    try {
      return fileSystem(at).exists(path(at));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + at, e);
    }
  }

  static boolean isDirectory(Location at) {
    try {
      return status(at).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + at, e);
    }
  }

  static boolean isFile(Location at) {
    try {
      return status(at).isFile();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + at, e);
    }
  }

  static List<Location> list(Location dir) {
    try {
      List<Location> out = new ArrayList<>();
      for (FileStatus s : fileSystem(dir).listStatus(path(dir))) {
        out.add(dir.resolve(s.getPath().getName()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static void createDirectories(Location dir) {
    try {
      if (!fileSystem(dir).mkdirs(path(dir))) {
        throw new IOException("mkdirs returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static void delete(Location at) {
    try {
      fileSystem(at).delete(path(at), true); // false when absent: nothing to do
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + at, e);
    }
  }

  /**
   * Renames, replacing a file at the target: HDFS's rename never overwrites, so the file is
   * deleted first, and again if another attempt of the same task (a retry, a speculative copy)
   * put its own copy there in between.
   */
  static void rename(Location from, Location to) throws IOException {
    FileSystem fs = fileSystem(from);
    Path target = path(to);
    for (int attempt = 0; attempt < 3; attempt++) {
      FileStatus existing = null;
      try {
        existing = fs.getFileStatus(target);
      } catch (FileNotFoundException e) {
        // the usual case
      }
      if (existing != null) {
        if (existing.isDirectory()) {
          throw new IOException("cannot rename " + from + " onto the directory " + to);
        }
        fs.delete(target, false);
      }
      if (fs.rename(path(from), target)) {
        return;
      }
      if (!fs.exists(path(from))) {
        break;
      }
    }
    throw new IOException("rename of " + from + " to " + to + " failed");
  }

  /**
   * A new file (never overwriting): the content, then, when durable, hsync where the stream can
   * (HDFS: on the datanodes' disks), then close.
   */
  static void write(Location at, Location.Content content, boolean durable) throws IOException {
    FileSystem fs = fileSystem(at);
    fs.mkdirs(path(at).getParent());
    try (FSDataOutputStream out = fs.create(path(at), false)) {
      content.writeTo(out);
      if (durable && out.hasCapability(StreamCapabilities.HSYNC)) { // HDFS; S3 objects are durable once closed
        out.hsync();
      }
    }
  }
}
