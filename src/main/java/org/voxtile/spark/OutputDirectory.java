package org.voxtile.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.voxtile.VoxtileException;

/**
 * The rules of the output directory: a run writes into a missing or empty directory, or into a
 * used one only with {@code --overwrite} or {@code --resume} (which first remove {@code _SUCCESS},
 * so a rerun that fails never leaves the old marker beside new files). Work in progress lives under
 * {@code DIR/_temporary}; finished files are moved into place atomically; {@code _SUCCESS} is
 * written last.
 */
final class OutputDirectory {
  static final String SUCCESS = "_SUCCESS";
  static final String TEMPORARY = "_temporary";

  private OutputDirectory() {}

  /**
   * Checks the rules and creates the directory. With {@code mayUse} a non-empty directory is
   * accepted and old markers and scratch are removed; with {@code replacePrevious}
   * ({@code --overwrite}) also what an earlier run wrote there (volumes, report, preview,
   * features table, finished scan directories), so that no old output sits beside a new
   * {@code _SUCCESS}. Other files are left alone.
   */
  static void prepare(Path dir, boolean mayUse, boolean replacePrevious) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new VoxtileException("output " + dir + " exists and is not a directory");
    }
    try {
      if (Files.isDirectory(dir) && !isEmpty(dir)) {
        if (!mayUse) {
          throw new VoxtileException("output directory " + dir
              + " is not empty; pass --overwrite to write into it (--resume to continue a batch)");
        }
        Files.deleteIfExists(dir.resolve(SUCCESS));
        deleteRecursively(dir.resolve(TEMPORARY));
        if (replacePrevious) {
          removePreviousOutputs(dir);
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output directory " + dir, e);
    }
  }

  /**
   * Checks the rules of {@link #prepare} without changing anything.
   *
   * @param mayUse whether a non-empty directory may be written into ({@code --overwrite}, {@code --resume})
   */
  static void check(Path dir, boolean mayUse) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new VoxtileException("output " + dir + " exists and is not a directory");
    }
    try {
      if (!mayUse && Files.isDirectory(dir) && !isEmpty(dir)) {
        throw new VoxtileException("output directory " + dir
            + " is not empty; pass --overwrite to write into it (--resume to continue a batch)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list output directory " + dir, e);
    }
  }

  private static void removePreviousOutputs(Path dir) throws IOException {
    List<Path> previous;
    try (Stream<Path> entries = Files.list(dir)) {
      previous = entries.filter(p -> {
        String name = p.getFileName().toString();
        return name.equals("report.json") || name.equals("preview.png") || name.equals("features.parquet")
            || (Files.isRegularFile(p) && (name.endsWith(".nii.gz") || name.endsWith(".nii")))
            || (Files.isDirectory(p) && Files.exists(p.resolve(SUCCESS)));
      }).toList();
    }
    previous.forEach(OutputDirectory::deleteRecursively);
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Moves a finished file or directory into {@code dir}, replacing one of the same name. */
  static Path moveInto(Path finished, Path dir) {
    Path target = dir.resolve(finished.getFileName().toString());
    try {
      Files.createDirectories(dir);
      if (Files.isDirectory(target)) {
        deleteRecursively(target);
      }
      return Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + finished + " to " + target, e);
    }
  }

  /** Writes a small text file under a temporary name, then renames it. */
  static void writeAtomically(Path file, String text) {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try (java.nio.channels.FileChannel channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(false); // a marker must never reach the disk before what it vouches for
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Removes {@code dir} if this run created it and it is empty: a failed run leaves what it found. */
  static void deleteIfEmpty(Path dir, boolean created) {
    try {
      if (created && Files.isDirectory(dir) && isEmpty(dir)) {
        Files.delete(dir);
      }
    } catch (IOException e) {
      // best effort: an empty directory is not mistaken for a finished output
    }
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
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
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
