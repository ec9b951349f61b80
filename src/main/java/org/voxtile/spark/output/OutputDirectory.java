package org.voxtile.spark.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * The rules of the output directory: a run writes into a missing or empty directory, or into a
 * used one only with {@code --overwrite} or {@code --resume} (which first remove {@code _SUCCESS},
 * so a rerun that fails never leaves the old marker beside new files). Work in progress lives under
 * {@code DIR/_temporary}; finished files are moved into place atomically; {@code _SUCCESS} is
 * written last. The directory may be local or on a Hadoop file system ({@link Location}).
 */
public final class OutputDirectory {

  private OutputDirectory() {}

  /**
   * Checks the rules and creates the directory. With {@code mayUse} a non-empty directory is
   * accepted and old markers and scratch are removed; with {@code replacePrevious}
   * ({@code --overwrite}) also what an earlier run wrote there (volumes, report, preview,
   * features table, finished scan directories), so that no old output sits beside a new
   * {@code _SUCCESS}. Other files are left alone.
   */
  public static void prepare(Location dir, boolean mayUse, boolean replacePrevious) {
    check(dir, mayUse);
    if (dir.isDirectory() && !entries(dir).isEmpty()) {
      dir.resolve(OutputNames.SUCCESS).delete();
      dir.resolve(OutputNames.TEMPORARY).delete();
      if (replacePrevious) {
        removePreviousOutputs(dir);
      }
    }
    dir.createDirectories();
  }

  /**
   * Checks the rules of {@link #prepare} without changing anything.
   *
   * @param mayUse whether a non-empty directory may be written into ({@code --overwrite}, {@code --resume})
   */
  public static void check(Location dir, boolean mayUse) {
    if (dir.exists() && !dir.isDirectory()) {
      throw new VoxtileException("output " + dir + " exists and is not a directory");
    }
    if (!mayUse && dir.isDirectory() && !entries(dir).isEmpty()) {
      throw new VoxtileException("output directory " + dir
          + " is not empty; pass --overwrite to write into it (--resume to continue a batch)");
    }
  }

  /** What {@code dir} holds besides a run's lock ({@link OutputLock}). */
  private static List<Location> entries(Location dir) {
    return dir.list().stream().filter(p -> !p.fileName().equals(OutputNames.LOCK)).toList();
  }

  private static void removePreviousOutputs(Location dir) {
    List<Location> previous = dir.list().stream().filter(p -> {
      String name = p.fileName();
      return name.equals(OutputNames.REPORT) || name.equals(OutputNames.PREVIEW) || name.equals(OutputNames.FEATURES)
          || (p.isFile() && (name.endsWith(".nii.gz") || name.endsWith(".nii")))
          || (p.isDirectory() && name.endsWith(".ome.zarr"))
          || (p.isDirectory() && p.resolve(OutputNames.SUCCESS).exists());
    }).toList();
    previous.forEach(Location::delete);
  }

  /** Moves a finished file or directory into {@code dir}, replacing one of the same name. */
  public static Location moveInto(Location finished, Location dir) {
    Location target = dir.resolve(finished.fileName());
    try {
      dir.createDirectories();
      if (target.isDirectory()) {
        target.delete();
      }
      finished.moveTo(target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + finished + " to " + target, e);
    }
  }

  /** Writes a small text file under a temporary name, forces it to disk, then renames it. */
  public static void writeAtomically(Location file, String text) {
    file.writeString(text, true); // a marker must never reach the disk before what it vouches for
  }

  /** Removes {@code dir} if this run created it and it is empty: a failed run leaves what it found. */
  public static void deleteIfEmpty(Location dir, boolean created) {
    try {
      if (created && dir.isDirectory() && entries(dir).isEmpty()) {
        dir.delete();
      }
    } catch (RuntimeException e) {
      // best effort: an empty directory is not mistaken for a finished output
    }
  }

  public static void deleteRecursively(Location path) {
    path.delete();
  }
}
