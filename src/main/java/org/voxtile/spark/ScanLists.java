package org.voxtile.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.voxtile.VoxtileException;
import org.voxtile.network.Pipeline;
import org.voxtile.spark.output.ScanIds;
import org.voxtile.storage.Location;

/**
 * Batches of scans: a manifest (CSV or Parquet: a {@code scan_id} column and one column per
 * pipeline input, relative paths resolved against the manifest's directory) or a BIDS dataset.
 */
public final class ScanLists {
  /** BIDS suffixes of the usual input names; any other input name is used as its own suffix. */
  public static final Map<String, String> BIDS_SUFFIXES = Map.of(
      "t1", "T1w", "t2", "T2w", "flair", "FLAIR", "pd", "PDw", "t2star", "T2starw");

  private static final Pattern BIDS_FILE = Pattern.compile("(sub-[A-Za-z0-9]+(?:_[a-z]+-[A-Za-z0-9]+)*)_([A-Za-z0-9]+)\\.nii(\\.gz)?");

  private ScanLists() {}

  /** The input names of a pipeline file. */
  public static List<String> pipelineInputs(Path pipeline) {
    return Pipeline.read(pipeline).inputs();
  }

  /** A local CSV manifest: header {@code scan_id,t1,t2}, one scan per line, no quoting. */
  public static List<Scan> manifest(Path csv) {
    return manifest(Location.of(csv));
  }

  /**
   * A CSV manifest, local or on a Hadoop file system. A cell is a URI ({@code hdfs://...}), an
   * absolute local path, or a path relative to the manifest's folder (on the manifest's file system).
   */
  public static List<Scan> manifest(Location csv) {
    List<String> lines;
    try {
      lines = csv.readString().lines().filter(l -> !l.isBlank()).toList();
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot read manifest " + csv, e.getCause());
    }
    if (lines.isEmpty()) {
      throw new VoxtileException(csv + ": empty manifest");
    }
    List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::trim).toList();
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != header.size()) {
        throw new VoxtileException(csv + ": line " + (i + 1) + " has " + cells.length + " fields, the header "
            + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < cells.length; c++) {
        row.put(header.get(c), cells[c].trim());
      }
      rows.add(row);
    }
    return scans(csv, header, rows);
  }

  /** A Parquet manifest with string columns, read on the driver. */
  public static List<Scan> manifest(SparkSession spark, Path parquet) {
    return manifest(spark, Location.of(parquet));
  }

  /** A Parquet manifest with string columns, local or on a Hadoop file system, read on the driver. */
  public static List<Scan> manifest(SparkSession spark, Location parquet) {
    var table = spark.read().parquet(parquet.uri());
    List<String> header = Arrays.asList(table.columns());
    List<Map<String, String>> rows = new ArrayList<>();
    for (Row r : table.collectAsList()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), r.isNullAt(c) ? "" : String.valueOf(r.get(c)));
      }
      rows.add(row);
    }
    return scans(parquet, header, rows);
  }

  private static List<Scan> scans(Location manifest, List<String> header, List<Map<String, String>> rows) {
    if (!header.contains("scan_id") || header.size() < 2) {
      throw new VoxtileException(manifest + ": needs a scan_id column and one column per pipeline input, has "
          + header);
    }
    Location base = manifest.absolute().parent();
    List<Scan> scans = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Map<String, Location> inputs = new LinkedHashMap<>();
      row.forEach((column, value) -> {
        if (!column.equals("scan_id")) { // a URI (hdfs://...) as it is, a path against the manifest's folder
          Location given = Location.of(value);
          Optional<Path> relative = given.localPath().filter(path -> !path.isAbsolute());
          inputs.put(column, relative.isEmpty() ? given : base.localPath()
              .map(dir -> Location.of(dir.resolve(relative.get()))).orElseGet(() -> base.resolve(value)));
        }
      });
      ScanIds.check(row.get("scan_id"), manifest + ": scan_id");
      scans.add(new Scan(row.get("scan_id"), inputs));
    }
    if (scans.isEmpty()) {
      throw new VoxtileException(manifest + ": no scans");
    }
    ScanIds.checkUnique(scans.stream().map(Scan::id).toList(), manifest.toString());
    return scans;
  }

  /**
   * The scans of a BIDS dataset: {@code sub-*}/[{@code ses-*}/]{@code anat/} files named
   * {@code <entities>_<suffix>.nii[.gz]}, grouped by their entities (the scan id, e.g.
   * {@code sub-01_ses-2}); a group is a scan when it has a file for every input. Groups missing
   * an input are skipped.
   */
  public static List<Scan> bids(Path root, List<String> inputs) {
    Map<String, Map<String, Path>> groups = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root, 4)) {
      files.filter(ScanLists::inAnat).forEach(file -> {
        Matcher m = BIDS_FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          groups.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), file);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list BIDS dataset " + root, e);
    }
    List<Scan> scans = new ArrayList<>();
    for (Map.Entry<String, Map<String, Path>> group : groups.entrySet()) {
      Map<String, Path> bound = new LinkedHashMap<>();
      for (String input : inputs) {
        Path file = group.getValue().get(suffix(input));
        if (file != null) {
          bound.put(input, file);
        }
      }
      if (bound.size() == inputs.size()) {
        scans.add(Scan.ofFiles(ScanIds.check(group.getKey(), root + ": BIDS entities"), bound));
      }
    }
    if (scans.isEmpty()) {
      throw new VoxtileException(root + ": no BIDS scan has every input " + inputs + " (suffixes "
          + inputs.stream().map(ScanLists::suffix).toList() + " under sub-*/[ses-*/]anat/)");
    }
    return scans;
  }

  static String suffix(String input) {
    return BIDS_SUFFIXES.getOrDefault(input.toLowerCase(Locale.ROOT), input);
  }

  private static boolean inAnat(Path file) {
    Path dir = file.getParent();
    if (dir == null || !dir.getFileName().toString().equals("anat")) {
      return false;
    }
    Path up = dir.getParent();
    String name = up == null ? "" : up.getFileName().toString();
    if (name.startsWith("ses-")) {
      up = up.getParent();
      name = up == null ? "" : up.getFileName().toString();
    }
    return name.startsWith("sub-");
  }
}
