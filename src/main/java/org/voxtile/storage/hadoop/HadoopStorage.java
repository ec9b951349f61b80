package org.voxtile.storage.hadoop;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.voxtile.nifti.ReadableFile;
import org.voxtile.storage.Location;
import org.voxtile.storage.Storage;
import org.voxtile.storage.TemporaryFiles;

/**
 * The file systems Hadoop opens ({@code hdfs://}, {@code s3a://} with its connector, ...), with a
 * {@link Configuration} of its own. Paths are URIs, walked as text ({@code /} separated), so
 * messages show them as given. {@link Configuration} is not {@code Serializable}: this storage
 * writes it with {@link Configuration#write} and reads it back with
 * {@link Configuration#readFields}, so executors open files with the driver's settings (Spark's
 * own {@code SerializableConfiguration} is {@code @DeveloperApi @Unstable}).
 *
 * <pre>{@code
 * Storage hdfs = new HadoopStorage(spark.sparkContext().hadoopConfiguration());
 * Location report = Location.of(hdfs, "hdfs://nn:8020/results/report.json");
 * }</pre>
 *
 * <p>On HDFS a rename is atomic. On S3 (s3a) it is a copy and a delete: a file still appears
 * whole, but a directory's rename is one copy per file, not one step (see README).
 */
public final class HadoopStorage implements Storage {
  private static final long serialVersionUID = 1L;
  private static final String SPARK_HADOOP = "spark.hadoop.";

  private transient Configuration conf;

  /** A storage opening files with {@code conf} (kept, not copied). */
  public HadoopStorage(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Hadoop's defaults and site files, then every {@code spark.hadoop.K=V} of {@code settings} as
   * {@code K=V}, as Spark builds its Hadoop configuration from its own: with the JVM's system
   * properties, the settings spark-submit ({@code --conf}, {@code spark-defaults.conf}) gave the
   * driver.
   */
  public static Configuration configuration(Map<?, ?> settings) {
    Configuration conf = new Configuration();
    settings.forEach((key, value) -> {
      if (key instanceof String k && value instanceof String v && k.startsWith(SPARK_HADOOP)) {
        conf.set(k.substring(SPARK_HADOOP.length()), v, "spark.hadoop.* in the Spark configuration");
      }
    });
    return conf;
  }

  Configuration configuration() {
    return conf;
  }

  @Override
  public String child(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  @Override
  public String parent(String path) {
    String trimmed = trimmed(path);
    int slash = trimmed.lastIndexOf('/');
    String rest = trimmed.substring(0, Math.max(slash, 0));
    return slash < 0 || rest.endsWith("/") || !rest.contains("/") ? null : rest;
  }

  @Override
  public String fileName(String path) {
    String trimmed = trimmed(path);
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String trimmed(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A URI is absolute already. */
  @Override
  public String absolute(String path) {
    return path;
  }

  @Override
  public String uri(String path) {
    return path;
  }

  @Override
  public Optional<Path> localPath(String path) {
    return Optional.empty();
  }

  FileSystem fileSystem(String path) {
    return FileSystems.of(path, conf);
  }

  FileStatus status(String path) throws IOException {
    return fileSystem(path).getFileStatus(new org.apache.hadoop.fs.Path(path));
  }

  @Override
  public boolean exists(String path) {
    try {
      return fileSystem(path).exists(new org.apache.hadoop.fs.Path(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public boolean isDirectory(String path) {
    try {
      return status(path).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public boolean isFile(String path) {
    try {
      return status(path).isFile();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public long size(String path) {
    try {
      return status(path).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public long modifiedMillis(String path) {
    try {
      return status(path).getModificationTime();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public List<String> list(String dir) {
    try {
      List<String> out = new ArrayList<>();
      for (FileStatus s : fileSystem(dir).listStatus(new org.apache.hadoop.fs.Path(dir))) {
        out.add(child(dir, s.getPath().getName()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  @Override
  public ReadableFile readable(String path) {
    return new HadoopFile(this, path);
  }

  @Override
  public void write(String path, Content content, boolean durable) {
    String temp = child(parent(path), TemporaryFiles.beside(fileName(path)));
    TemporaryFiles.writeThenRename(path, () -> create(temp, content, durable), () -> move(temp, path),
        () -> delete(temp));
  }

  @Override
  public boolean createExclusively(String path, byte[] content) {
    try {
      create(path, out -> out.write(content), true);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  /**
   * A new file (never overwriting): the content, then, when durable, hsync where the stream can
   * (HDFS: on the datanodes' disks), then close.
   */
  private void create(String path, Content content, boolean durable) throws IOException {
    FileSystem fs = fileSystem(path);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
    fs.mkdirs(file.getParent());
    try (FSDataOutputStream out = fs.create(file, false)) {
      content.writeTo(out);
      if (durable && out.hasCapability(StreamCapabilities.HSYNC)) { // HDFS; S3 objects are durable once closed
        out.hsync();
      }
    }
  }

  /**
   * Renames, replacing a file at the target: HDFS's rename never overwrites, so the file is
   * deleted first, and again if another attempt of the same task (a retry, a speculative copy)
   * put its own copy there in between.
   */
  @Override
  public void move(String path, String target) throws IOException {
    FileSystem fs = fileSystem(path);
    org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(path);
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target);
    for (int attempt = 0; attempt < 3; attempt++) {
      FileStatus existing = null;
      try {
        existing = fs.getFileStatus(to);
      } catch (FileNotFoundException e) {
        // the usual case
      }
      if (existing != null) {
        if (existing.isDirectory()) {
          throw new IOException("cannot rename " + path + " onto the directory " + target);
        }
        fs.delete(to, false);
      }
      if (fs.rename(from, to)) {
        return;
      }
      if (!fs.exists(from)) {
        break;
      }
    }
    throw new IOException("rename of " + path + " to " + target + " failed");
  }

  @Override
  public void delete(String path) {
    try {
      fileSystem(path).delete(new org.apache.hadoop.fs.Path(path), true); // false when absent: nothing to do
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public void createDirectories(String path) {
    try {
      if (!fileSystem(path).mkdirs(new org.apache.hadoop.fs.Path(path))) {
        throw new IOException("mkdirs returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }

  @Override
  public String toString() {
    return "hadoop";
  }
}
