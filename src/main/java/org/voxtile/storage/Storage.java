package org.voxtile.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.voxtile.nifti.ReadableFile;

/**
 * What voxtile needs of a file system, as n5's {@code KeyValueAccess} is: names, a few queries,
 * ranged reads, and the writes a job commits with (write then rename, create exclusively, move,
 * delete). A path is the storage's own text for a file or directory: a local path as the user gave
 * it ({@link LocalStorage}), or a URI ({@code hdfs://nn:8020/data/t1.nii}, {@code s3a://bucket/x}).
 * Callers hold {@link Location}s, which pair a path with its storage; they never ask which storage
 * it is.
 *
 * <p>A storage is {@link Serializable}: a location travels to Spark executors with what opens it
 * (a Hadoop storage carries its configuration). Failures of the file system are
 * {@link java.io.UncheckedIOException}s naming the path, except {@link #move}, which a caller
 * undoes or reports itself.
 *
 * <p>Groups: names ({@link #child}, {@link #parent}, {@link #fileName}, {@link #absolute},
 * {@link #uri}, {@link #localPath}); queries ({@link #exists}, {@link #isDirectory},
 * {@link #isFile}, {@link #size}, {@link #modifiedMillis}, {@link #list}); reads
 * ({@link #readable}); writes ({@link #write}, {@link #createExclusively}, {@link #move},
 * {@link #delete}, {@link #createDirectories}).
 */
public interface Storage extends Serializable {
  /** What is written into a new file. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The path of the entry {@code name} (one path element) of the directory {@code dir}. */
  String child(String dir, String name);

  /** The enclosing directory, or null at the root. */
  String parent(String path);

  /** The last path element. */
  String fileName(String path);

  /** The path as executors, running in other working directories, must see it. */
  String absolute(String path);

  /** The path as an absolute URI, e.g. for Spark's readers and writers. */
  String uri(String path);

  /**
   * The path on this machine's file system, when this storage is the local one: for code that
   * takes a {@link Path} (a faster route than the streams of {@link #readable} and {@link #write}).
   */
  Optional<Path> localPath(String path);

  boolean exists(String path);

  /** False also when absent. */
  boolean isDirectory(String path);

  /** False also when absent. */
  boolean isFile(String path);

  long size(String path);

  long modifiedMillis(String path);

  /** The paths of the entries of a directory, in no particular order. */
  List<String> list(String dir);

  /** The file, for {@link org.voxtile.nifti.NiftiReader}: streamed, and read by range. */
  ReadableFile readable(String path);

  /**
   * Writes a file under a hidden temporary name beside it, then renames it onto {@code path}
   * (replacing a file there), so no reader ever sees half a file; with {@code durable} the bytes
   * reach the disks (fsync, or HDFS's hsync) before the rename, as a marker needs. On failure the
   * temporary file is removed.
   */
  void write(String path, Content content, boolean durable);

  /**
   * Creates the file holding {@code content} only if it does not exist yet, atomically (the file
   * system decides between two callers).
   *
   * @return false when it exists
   */
  boolean createExclusively(String path, byte[] content);

  /**
   * Renames a file or directory onto {@code target} of this storage in one step (on S3 a copy
   * and a delete), replacing a file of that name; a directory in the way must have been removed
   * first.
   */
  void move(String path, String target) throws IOException;

  /** Deletes a file, or a directory with everything in it; nothing when absent. */
  void delete(String path);

  /** Creates the directory and its missing parents. */
  void createDirectories(String path);
}
