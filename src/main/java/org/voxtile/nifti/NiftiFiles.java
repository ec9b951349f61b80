package org.voxtile.nifti;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File naming of NIfTI data: single {@code .nii[.gz]} files and {@code .hdr[.gz]}/{@code .img[.gz]}
 * pairs. Either file of a pair may be named; the other is found by swapping the suffix.
 */
final class NiftiFiles {
  private NiftiFiles() {}

  /** The header file and the data file of {@code file} (the same file for a single file). */
  record Pair(ReadableFile header, ReadableFile data, boolean single) {}

  static Pair resolve(ReadableFile file) {
    String name = file.fileName();
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    String gz = lower.endsWith(".gz") ? name.substring(name.length() - 3) : "";
    String stem = name.substring(0, name.length() - gz.length());
    String stemLower = stem.toLowerCase(java.util.Locale.ROOT);
    if (stemLower.endsWith(".hdr") || stemLower.endsWith(".img")) {
      String base = stem.substring(0, stem.length() - 4);
      boolean upper = Character.isUpperCase(stem.charAt(stem.length() - 1));
      ReadableFile header = file.sibling(base + (upper ? ".HDR" : ".hdr") + gz);
      ReadableFile data = file.sibling(base + (upper ? ".IMG" : ".img") + gz);
      return new Pair(header, data, false);
    }
    return new Pair(file, file, true);
  }

  /** True for names ending in {@code .gz}: the writer compresses those. */
  static boolean isGzipName(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
  }

  /** A hidden name next to the target (same file system, so the final move is a rename). */
  static Path temporaryName(Path target) {
    return target.resolveSibling("." + target.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  /** Renames a finished temporary file onto the target, atomically where the file system can. */
  static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
