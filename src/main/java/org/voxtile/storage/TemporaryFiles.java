package org.voxtile.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Write then rename, for every {@link Storage#write}: the file is written under a hidden name
 * beside its own (a leading dot: hidden, and skipped by Spark's and Hadoop's readers; a random
 * part: two attempts of one task never share it; {@code .tmp}), then renamed, and removed when
 * anything fails.
 */
public final class TemporaryFiles {
  /** One step on a file system. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException;
  }

  private TemporaryFiles() {}

  /** {@code .<fileName>.<random>.tmp}, for a file in the same directory as {@code fileName}. */
  public static String beside(String fileName) {
    return "." + fileName + "." + UUID.randomUUID() + ".tmp";
  }

  /**
   * Runs {@code write} (the temporary file) then {@code rename} (onto {@code path}); if either
   * fails, runs {@code remove} (the temporary file; its own failure is added as suppressed) and
   * rethrows, an {@link IOException} as an {@link UncheckedIOException} naming {@code path}.
   */
  public static void writeThenRename(String path, Step write, Step rename, Step remove) {
    try {
      write.run();
      rename.run();
    } catch (IOException | RuntimeException e) {
      try {
        remove.run();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException("cannot write " + path, (IOException) e);
    }
  }
}
