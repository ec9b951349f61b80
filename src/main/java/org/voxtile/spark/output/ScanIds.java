package org.voxtile.spark.output;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.voxtile.Checks;
import org.voxtile.VoxtileException;

/**
 * Scan ids from a manifest or a BIDS tree become directory names under the output directory
 * ({@code DIR/<scan id>/...}), so they are checked before anything is written: an id is 1 to 128
 * letters, digits, {@code _ . -}, starting with a letter or digit (no path separator, no
 * {@code ..}, nothing hidden, nothing Hadoop skips: names starting with {@code _} or {@code .}
 * are ignored by its input formats, and {@code _SUCCESS} is the run's own), and ids must differ
 * also when case is ignored (a case-insensitive file system would merge them).
 *
 * <pre>{@code
 * Path scanDir = ScanIds.directory(outputDir, id, "scans.csv:3");   // outputDir/id, checked
 * ScanIds.checkUnique(ids, "scans.csv");
 * }</pre>
 */
public final class ScanIds {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");

  /** Top-level names of a batch's output directory, which a scan directory must not take. */
  private static final java.util.Set<String> RESERVED = OutputNames.runFiles();

  private ScanIds() {}

  /**
   * @param where where the id comes from, for the message, e.g. {@code scans.csv:3}
   * @return {@code id}
   * @throws VoxtileException naming {@code where} and the id when it is not a safe directory name
   */
  public static String check(String id, String where) {
    if (!ID.matcher(id).matches() || id.endsWith(".") || id.contains("..")) {
      throw new VoxtileException(where + ": scan id '" + Checks.printable(id) + "' cannot name a directory: "
          + "use 1 to 128 letters, digits, _ . - starting with a letter or digit (no '/', no '..')");
    }
    if (RESERVED.contains(id.toLowerCase(java.util.Locale.ROOT))) {
      throw new VoxtileException(where + ": scan id '" + id + "' is the name of a file voxtile writes in the "
          + "output directory; rename the scan");
    }
    return id;
  }

  /** {@code output/id}, after {@link #check}; it always lies directly inside {@code output}. */
  public static Path directory(Path output, String id, String where) {
    Path dir = output.resolve(check(id, where)).normalize();
    if (!output.normalize().equals(dir.getParent())) {
      throw new VoxtileException(where + ": scan id '" + id + "' leaves the output directory " + output);
    }
    return dir;
  }

  /**
   * @throws VoxtileException naming both ids when two are equal or differ only in case
   */
  public static void checkUnique(List<String> ids, String where) {
    Map<String, String> seen = new HashMap<>();
    for (String id : ids) {
      String previous = seen.putIfAbsent(id.toLowerCase(Locale.ROOT), id);
      if (previous != null) {
        throw new VoxtileException(where + ": scan ids '" + previous + "' and '" + id + "' "
            + (previous.equals(id) ? "repeat" : "differ only in case") + "; each scan needs its own directory");
      }
    }
  }
}
