package org.voxtile.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.voxtile.VoxtileException;

/**
 * One scan to process: an id (the name of its output directory in a batch) and one NIfTI file
 * per pipeline input name.
 *
 * @param id the scan id: letters, digits, '-', '_', '.' only, never "." or ".." (it names a
 *     directory under the output, and must not escape it)
 * @param inputs pipeline input name to file, in the order given
 */
public record Scan(String id, Map<String, Path> inputs) {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  public Scan {
    if (id == null || !SAFE_ID.matcher(id).matches() || id.equals(".") || id.equals("..")
        || id.contains("..")) {
      throw new VoxtileException("scan id '" + id + "' is not allowed: use letters, digits, '-', '_'"
          + " and '.', without '..' or '/', since it names a directory under the output");
    }
    if (inputs.isEmpty()) {
      throw new VoxtileException("scan '" + id + "' has no input files");
    }
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }
}
