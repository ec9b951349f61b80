package org.voxtile.storage;

import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.voxtile.nifti.LocalFile;
import org.voxtile.nifti.ReadableFile;

/**
 * The local file system through {@code java.nio}: positional reads through a {@code FileChannel}
 * ({@link LocalFile}), writes forced with fsync and renamed atomically, no Hadoop and so no
 * {@code .crc} files beside voxtile's own. Paths are kept as given, so messages show relative
 * paths as the user typed them.
 */
public final class LocalStorage implements Storage {
  private static final long serialVersionUID = 1L;

  /** The one local storage. */
  public static final LocalStorage INSTANCE = new LocalStorage();

  private LocalStorage() {}

  private Object readResolve() throws ObjectStreamException {
    return INSTANCE;
  }

  @Override
  public String child(String dir, String name) {
    return Path.of(dir).resolve(name).toString();
  }

  @Override
  public String parent(String path) {
    Path parent = Path.of(path).toAbsolutePath().getParent();
    return parent == null ? null : parent.toString();
  }

  @Override
  public String fileName(String path) {
    return Path.of(path).getFileName().toString();
  }

  @Override
  public String absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  @Override
  public String uri(String path) {
    return Path.of(path).toAbsolutePath().toUri().toString();
  }

  @Override
  public Optional<Path> localPath(String path) {
    return Optional.of(Path.of(path));
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(Path.of(path));
  }

  @Override
  public boolean isDirectory(String path) {
    return Files.isDirectory(Path.of(path));
  }

  @Override
  public boolean isFile(String path) {
    return Files.isRegularFile(Path.of(path));
  }

  @Override
  public long size(String path) {
    try {
      return Files.size(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public long modifiedMillis(String path) {
    try {
      return Files.getLastModifiedTime(Path.of(path)).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  @Override
  public List<String> list(String dir) {
    try (Stream<Path> entries = Files.list(Path.of(dir))) {
      return entries.map(Path::toString).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  @Override
  public ReadableFile readable(String path) {
    return new LocalFile(Path.of(path));
  }

  @Override
  public void write(String path, Content content, boolean durable) {
    Path target = Path.of(path);
    Path temp = target.toAbsolutePath().resolveSibling(TemporaryFiles.beside(target.getFileName().toString()));
    TemporaryFiles.writeThenRename(path, () -> {
      try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        content.writeTo(out);
      }
      if (durable) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(false);
        }
      }
    }, () -> Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
        () -> Files.deleteIfExists(temp));
  }

  @Override
  public boolean createExclusively(String path, byte[] content) {
    try {
      Files.write(Path.of(path), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  @Override
  public void move(String path, String target) throws IOException {
    Files.move(Path.of(path), Path.of(target), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void delete(String path) {
    Path root = Path.of(path);
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  @Override
  public void createDirectories(String path) {
    try {
      Files.createDirectories(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  @Override
  public String toString() {
    return "local";
  }
}
