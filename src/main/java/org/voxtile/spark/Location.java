package org.voxtile.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.voxtile.VoxtileException;
import org.voxtile.nifti.LocalFile;
import org.voxtile.nifti.ReadableFile;

/**
 * Where a file or directory of a run is: a local path (a plain path or a {@code file:} URI), or a
 * URI of another file system that Hadoop opens ({@code hdfs://nn:8020/data}, {@code s3a://bucket/x}),
 * with the few operations the job makes on it. Local locations use {@code java.nio} exactly as
 * before (positional reads through a {@code FileChannel}, fsync and atomic rename; no Hadoop, so
 * no {@code .crc} files); the others go through {@link HadoopFiles} with the JVM's
 * {@link HadoopConf}. This class is the one place where the two part ways.
 *
 * <pre>{@code
 * Location out = Location.of("hdfs://nn:8020/results/sub-01");
 * out.resolve("report.json").write(stream -> stream.write(bytes), true);  // temporary name, hsync, rename
 * }</pre>
 *
 * <p>On HDFS a rename is atomic. On S3 (s3a) it is a copy and a delete: a file still appears
 * whole, but a directory's rename is one copy per file, not one step (see README).
 */
public final class Location implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A URI scheme of two or more letters ({@code C:} stays a Windows drive). */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");

  private final String text; // the local path as given, or the URI
  private final boolean local;

  private Location(String text, boolean local) {
    this.text = text;
    this.local = local;
  }

  /**
   * A location from the command line: a path, a {@code file:} URI (local), or any other URI
   * (Hadoop's file systems).
   *
   * @throws VoxtileException for a malformed URI
   */
  public static Location of(String text) {
    var m = SCHEME.matcher(text);
    if (!m.matches()) {
      return of(Path.of(text));
    }
    try {
      URI uri = new URI(text);
      if (m.group(1).equalsIgnoreCase("file")) {
        return of(Path.of(uri));
      }
      if (uri.getPath() == null || uri.getPath().isEmpty() && uri.getAuthority() == null) {
        throw new VoxtileException(text + ": a " + m.group(1) + ": location needs a path, e.g. "
            + m.group(1) + "://host/dir/file.nii.gz");
      }
      return new Location(text, false);
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new VoxtileException(text + ": not a valid path or URI (" + e.getMessage() + ")");
    }
  }

  public static Location of(Path path) {
    return new Location(path.toString(), true);
  }

  /** Whether this is on the local file system (then {@link #path()} is it). */
  public boolean isLocal() {
    return local;
  }

  /** The local path. */
  public Path path() {
    if (!local) {
      throw new IllegalStateException(text + " is not a local path");
    }
    return Path.of(text);
  }

  /** The URI scheme, {@code file} for a local path. */
  public String scheme() {
    return local ? "file" : URI.create(text).getScheme();
  }

  /** The location as a URI string, e.g. for Spark's readers and writers. */
  public String uri() {
    return local ? path().toAbsolutePath().toUri().toString() : text;
  }

  /** The child {@code name} (one path element). */
  public Location resolve(String name) {
    if (local) {
      return of(path().resolve(name));
    }
    return new Location(text.endsWith("/") ? text + name : text + "/" + name, false);
  }

  /** The enclosing directory, or null at the root. */
  public Location parent() {
    if (local) {
      Path parent = path().toAbsolutePath().getParent();
      return parent == null ? null : of(parent);
    }
    String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    int slash = trimmed.lastIndexOf('/');
    String rest = trimmed.substring(0, Math.max(slash, 0));
    return slash < 0 || rest.endsWith("/") || !rest.contains("/") ? null : new Location(rest, false);
  }

  /** The last path element. */
  public String fileName() {
    if (local) {
      return path().getFileName().toString();
    }
    String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /** Local paths made absolute and normalised (executors run in other directories). */
  public Location absolute() {
    return local ? of(path().toAbsolutePath().normalize()) : this;
  }

  /** Each location's {@link #readable()}, in the same order. */
  static java.util.Map<String, ReadableFile> readables(java.util.Map<String, Location> locations) {
    java.util.Map<String, ReadableFile> out = new java.util.LinkedHashMap<>();
    locations.forEach((name, at) -> out.put(name, at.readable()));
    return out;
  }

  /** The file, for {@link org.voxtile.nifti.NiftiReader}. */
  public ReadableFile readable() {
    return local ? new LocalFile(path()) : new HadoopFile(this);
  }

  public boolean exists() {
    return local ? Files.exists(path()) : HadoopFiles.exists(this);
  }

  public boolean isDirectory() {
    return local ? Files.isDirectory(path()) : HadoopFiles.isDirectory(this);
  }

  public boolean isFile() {
    return local ? Files.isRegularFile(path()) : HadoopFiles.isFile(this);
  }

  /** The entries of a directory. */
  public List<Location> list() {
    if (!local) {
      return HadoopFiles.list(this);
    }
    try (Stream<Path> entries = Files.list(path())) {
      return entries.map(Location::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + text, e);
    }
  }

  public long size() {
    try {
      return local ? Files.size(path()) : HadoopFiles.status(this).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + text, e);
    }
  }

  public long modifiedMillis() {
    try {
      return local ? Files.getLastModifiedTime(path()).toMillis() : HadoopFiles.status(this).getModificationTime();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + text, e);
    }
  }

  public void createDirectories() {
    if (!local) {
      HadoopFiles.createDirectories(this);
      return;
    }
    try {
      Files.createDirectories(path());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + text, e);
    }
  }

  /** Deletes a file, or a directory with everything in it; nothing when absent. */
  public void delete() {
    if (!local) {
      HadoopFiles.delete(this);
      return;
    }
    if (!Files.exists(path())) {
      return;
    }
    try {
      Files.walkFileTree(path(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + text, e);
    }
  }

  /**
   * Renames this file or directory onto {@code target} (same file system) in one step, replacing
   * a file of that name; a directory in the way must have been removed first.
   */
  public void moveTo(Location target) throws IOException {
    if (local != target.local) {
      throw new IllegalArgumentException("cannot rename " + text + " to " + target + ": another file system");
    }
    if (local) {
      Files.move(path(), target.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      HadoopFiles.rename(this, target);
    }
  }

  /** What is written into a new file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes a file under a hidden temporary name beside it, then renames it onto this location,
   * so no reader ever sees half a file; with {@code durable} the bytes are forced to disk
   * (fsync; hsync on HDFS) before the rename, as a marker needs.
   */
  public void write(Content content, boolean durable) {
    Location temp = parent().resolve("." + fileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      if (local) {
        try (OutputStream out = Files.newOutputStream(temp.path(), StandardOpenOption.CREATE_NEW)) {
          content.writeTo(out);
        }
        if (durable) {
          try (FileChannel channel = FileChannel.open(temp.path(), StandardOpenOption.WRITE)) {
            channel.force(false);
          }
        }
      } else {
        HadoopFiles.write(temp, content, durable);
      }
      temp.moveTo(this);
    } catch (IOException | RuntimeException e) {
      try {
        temp.delete();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write " + text, (IOException) e);
    }
  }

  /**
   * Creates this file holding {@code text} only if it does not exist yet, atomically (the file
   * system decides between two callers); false when it exists.
   */
  public boolean createExclusively(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      if (local) {
        Files.write(path(), bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } else {
        HadoopFiles.write(this, out -> out.write(bytes), true);
      }
      return true;
    } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + text, e);
    }
  }

  /** {@link #write} of UTF-8 text. */
  public void writeString(String value, boolean durable) {
    write(out -> out.write(value.getBytes(StandardCharsets.UTF_8)), durable);
  }

  public String readString() {
    try {
      if (local) {
        return Files.readString(path(), StandardCharsets.UTF_8);
      }
      try (var in = readable().openStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + text, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location other && other.local == local && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + Boolean.hashCode(local);
  }

  /** The path as given, or the URI. */
  @Override
  public String toString() {
    return text;
  }
}
