package org.voxtile.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.spark.output.ScanIds;
import org.voxtile.storage.Location;

/**
 * One scan to process: an id (the name of its output directory in a batch) and one NIfTI file
 * or Zarr array / OME-Zarr image per pipeline input name, local or on a Hadoop file system.
 *
 * @param id the scan id, a safe directory name (see {@link ScanIds#check})
 * @param inputs pipeline input name to file, in the order given
 */
public record Scan(String id, Map<String, Location> inputs) {
  public Scan {
    if (id == null) {
      throw new VoxtileException("a scan needs an id");
    }
    ScanIds.check(id, "scan '" + id + "'");
    if (inputs.isEmpty()) {
      throw new VoxtileException("scan '" + id + "' has no input files");
    }
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
  }

  /** A scan of local files. */
  public static Scan ofFiles(String id, Map<String, Path> files) {
    Map<String, Location> inputs = new LinkedHashMap<>();
    files.forEach((name, file) -> inputs.put(name, Location.of(file)));
    return new Scan(id, inputs);
  }
}
