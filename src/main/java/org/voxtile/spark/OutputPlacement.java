package org.voxtile.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * Where the output directory may not be: where it could shadow, replace or delete an input. A run
 * moves files and, in a batch, whole scan directories into {@code DIR} under names it chooses
 * ({@code <node>.nii.gz}, {@code report.json}, {@code <scan id>/}), deletes {@code DIR/_temporary}
 * and, with {@code --overwrite} or {@code --resume}, replaces what it finds under those names. So
 * {@code DIR} must not be an input file's own directory, nor a directory above one (an input at
 * {@code DIR/s1/t1.nii.gz} would sit inside the directory of scan {@code s1}). An output directory
 * below the inputs' folders is fine (BIDS derivatives live in {@code bids/derivatives/}): nothing
 * is written beside the inputs there. Local paths are compared after resolving symbolic links,
 * URIs (hdfs://, s3a://) as normalised text; an output on another file system than an input never
 * holds it.
 */
public final class OutputPlacement {
  private OutputPlacement() {}

  /** @throws VoxtileException naming the input if {@code output} holds one of the scan's inputs */
  public static void check(Location output, Scan scan) {
    for (Location input : scan.inputs().values()) {
      if (within(input, output)) {
        throw new VoxtileException("output directory " + output + " holds the input " + input + " (scan '"
            + scan.id() + "'); outputs written there could replace inputs: choose a directory outside the inputs' folders");
      }
    }
  }

  private static boolean within(Location input, Location output) {
    if (!input.storage().equals(output.storage())) {
      return false;
    }
    Optional<Path> outputPath = output.localPath();
    if (outputPath.isPresent()) {
      Path dir = canonical(outputPath.get());
      Path file = canonical(input.localPath().orElseThrow());
      return file.startsWith(dir) && !file.equals(dir);
    }
    // one file system's URIs, compared as normalised paths
    java.net.URI dir = java.net.URI.create(output.uri()).normalize();
    java.net.URI file = java.net.URI.create(input.uri()).normalize();
    String prefix = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
    return file.toString().startsWith(prefix);
  }

  /**
   * The absolute, normalised path with symbolic links of its existing part resolved (the output
   * directory usually does not exist yet).
   */
  static Path canonical(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }
}
