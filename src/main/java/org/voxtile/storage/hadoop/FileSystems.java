package org.voxtile.storage.hadoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.voxtile.VoxtileException;

/**
 * Hadoop's {@link FileSystem} of a URI. A scheme without a file system on the classpath
 * ({@code s3a} without hadoop-aws) is a {@link VoxtileException} naming the URI, the scheme and
 * the connector to add.
 */
final class FileSystems {
  private FileSystems() {}

  /**
   * The file system of {@code uri} (cached by Hadoop per scheme and authority).
   *
   * @throws VoxtileException when no file system serves the scheme
   */
  static FileSystem of(String uri, Configuration conf) {
    try {
      return new Path(uri).getFileSystem(conf);
    } catch (UnsupportedFileSystemException e) { // no fs.<scheme>.impl at all
      throw unsupported(uri);
    } catch (RuntimeException e) { // fs.<scheme>.impl names a class not on the classpath (s3a in core-default.xml)
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ClassNotFoundException) {
          throw unsupported(uri);
        }
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + uri, e);
    }
  }

  static VoxtileException unsupported(String uri) {
    String scheme = URI.create(uri).getScheme();
    String connector = scheme.startsWith("s3") ? " (for s3a://: hadoop-aws and the AWS SDK bundle, e.g."
        + " spark-submit --packages org.apache.hadoop:hadoop-aws:<Spark's Hadoop version>)"
        : scheme.equals("gs") ? " (for gs://: the GCS connector jar)"
        : scheme.startsWith("abfs") ? " (for abfs://: hadoop-azure)" : "";
    return new VoxtileException(uri + ": no Hadoop FileSystem for scheme \"" + scheme + "\" on the classpath;"
        + " put its connector on the driver and executor classpath" + connector);
  }
}
