package org.voxtile.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import org.voxtile.VoxtileException;
import org.voxtile.nifti.ReadableFile;

/**
 * Where a file or directory of a run is: a path of a {@link Storage}, with the operations the job
 * makes on it. A plain path or a {@code file:} URI is on the {@link LocalStorage}; any other URI
 * ({@code hdfs://nn:8020/data}, {@code s3a://bucket/x}) on the storage a {@link StorageProvider}
 * gives for its scheme (Hadoop's file systems, see {@code org.voxtile.storage.hadoop}).
 *
 * <pre>{@code
 * Location out = Location.of("hdfs://nn:8020/results/sub-01");
 * out.resolve("report.json").writeString(json, true);  // temporary name, hsync, rename
 * }</pre>
 *
 * <p>Two locations are equal when they name the same path of the same storage.
 */
public final class Location implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A URI scheme of two or more letters ({@code C:} stays a Windows drive). */
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");

  private final Storage storage;
  private final String path;

  private Location(Storage storage, String path) {
    this.storage = storage;
    this.path = path;
  }

  /** {@code path} of {@code storage}, as that storage writes its paths. */
  public static Location of(Storage storage, String path) {
    return new Location(storage, path);
  }

  /**
   * A location from the command line or a manifest: a path or a {@code file:} URI (local), or any
   * other URI (the storage of its scheme).
   *
   * @throws VoxtileException for a malformed URI, or a scheme no storage serves
   */
  public static Location of(String text) {
    var m = SCHEME.matcher(text);
    if (!m.matches()) {
      return of(Path.of(text));
    }
    String scheme = m.group(1);
    try {
      URI uri = new URI(text);
      if (scheme.equalsIgnoreCase("file")) {
        return of(Path.of(uri));
      }
      if (uri.getPath() == null || uri.getPath().isEmpty() && uri.getAuthority() == null) {
        throw new VoxtileException(text + ": a " + scheme + ": location needs a path, e.g. "
            + scheme + "://host/dir/file.nii.gz");
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new VoxtileException(text + ": not a valid path or URI (" + e.getMessage() + ")");
    }
    return new Location(Providers.storageFor(scheme, text), text);
  }

  /** A local path. */
  public static Location of(Path path) {
    return new Location(LocalStorage.INSTANCE, path.toString());
  }

  public Storage storage() {
    return storage;
  }

  /** This location as a path of the local file system, when it is one. */
  public Optional<Path> localPath() {
    return storage.localPath(path);
  }

  /** The URI scheme, {@code file} for a local path. */
  public String scheme() {
    return URI.create(uri()).getScheme();
  }

  /** The location as an absolute URI, e.g. for Spark's readers and writers. */
  public String uri() {
    return storage.uri(path);
  }

  /** The child {@code name} (one path element). */
  public Location resolve(String name) {
    return new Location(storage, storage.child(path, name));
  }

  /** The enclosing directory, or null at the root. */
  public Location parent() {
    String parent = storage.parent(path);
    return parent == null ? null : new Location(storage, parent);
  }

  /** The last path element. */
  public String fileName() {
    return storage.fileName(path);
  }

  /** As executors, running in other working directories, must see it (local paths made absolute). */
  public Location absolute() {
    return new Location(storage, storage.absolute(path));
  }

  /** The file, for {@link org.voxtile.nifti.NiftiReader}. */
  public ReadableFile readable() {
    return storage.readable(path);
  }

  public boolean exists() {
    return storage.exists(path);
  }

  public boolean isDirectory() {
    return storage.isDirectory(path);
  }

  public boolean isFile() {
    return storage.isFile(path);
  }

  /** The entries of a directory. */
  public List<Location> list() {
    return storage.list(path).stream().map(entry -> new Location(storage, entry)).toList();
  }

  public long size() {
    return storage.size(path);
  }

  public long modifiedMillis() {
    return storage.modifiedMillis(path);
  }

  public void createDirectories() {
    storage.createDirectories(path);
  }

  /** Deletes a file, or a directory with everything in it; nothing when absent. */
  public void delete() {
    storage.delete(path);
  }

  /** See {@link Storage#move}: {@code target} must be of the same storage. */
  public void moveTo(Location target) throws IOException {
    if (!storage.equals(target.storage)) {
      throw new IllegalArgumentException("cannot rename " + this + " to " + target + ": another file system");
    }
    storage.move(path, target.path);
  }

  /** See {@link Storage#write}: the whole file appears at once, under this name. */
  public void write(Storage.Content content, boolean durable) {
    storage.write(path, content, durable);
  }

  /** See {@link Storage#createExclusively}. */
  public boolean createExclusively(String content) {
    return storage.createExclusively(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #write} of UTF-8 text. */
  public void writeString(String value, boolean durable) {
    write(out -> out.write(value.getBytes(StandardCharsets.UTF_8)), durable);
  }

  /** The file as UTF-8 text. */
  public String readString() {
    try (InputStream in = readable().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** The storage providers on the classpath, loaded once. */
  private static final class Providers {
    private static final List<StorageProvider> ALL = ServiceLoader.load(StorageProvider.class,
        StorageProvider.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    /** @throws VoxtileException naming {@code uri} when no provider serves {@code scheme} */
    static Storage storageFor(String scheme, String uri) {
      for (StorageProvider provider : ALL) {
        Storage storage = provider.storage(scheme);
        if (storage != null) {
          return storage;
        }
      }
      throw new VoxtileException(uri + ": no storage for scheme \"" + scheme + "\" on the classpath");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location other && other.storage.equals(storage) && other.path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  /** The path as given, or the URI. */
  @Override
  public String toString() {
    return path;
  }
}
