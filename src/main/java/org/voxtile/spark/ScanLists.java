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
import java.util.HashMap;
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
 * Batches of scans from a manifest (CSV, TSV or Parquet: a {@code scan_id} column and one column
 * per pipeline input, relative paths resolved against the manifest's directory); BIDS datasets
 * are {@link BidsDataset}'s.
 */
public final class ScanLists {
  private ScanLists() {}

  /** The input names of a pipeline file. */
  public static List<String> pipelineInputs(Path pipeline) {
    return Pipeline.read(pipeline).inputs();
  }

  /** A local CSV or TSV manifest (see {@link #manifest(Location)}). */
  public static List<Scan> manifest(Path csv) {
    return manifest(Location.of(csv));
  }

  /**
   * A CSV (RFC 4180) or, for {@code .tsv}, tab-separated manifest, local or on a Hadoop file
   * system: a {@code scan_id} column and one column per pipeline input (see {@link ManifestTable}
   * for what is accepted). A cell is a URI ({@code hdfs://...}), an absolute local path, or a path
   * relative to the manifest's folder (on the manifest's file system).
   */
  public static List<Scan> manifest(Location csv) {
    ManifestTable table = ManifestTable.read(csv);
    return scans(csv, table.header(), table.rows(), "line");
  }

  /** A Parquet manifest with string columns, read on the driver. */
  public static List<Scan> manifest(SparkSession spark, Path parquet) {
    return manifest(spark, Location.of(parquet));
  }

  /** A Parquet manifest with string columns, local or on a Hadoop file system, read on the driver. */
  public static List<Scan> manifest(SparkSession spark, Location parquet) {
    var table = spark.read().parquet(parquet.uri());
    List<String> header = Arrays.asList(table.columns());
    List<ManifestTable.Row> rows = new ArrayList<>();
    for (Row r : table.collectAsList()) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), r.isNullAt(c) ? "" : String.valueOf(r.get(c)));
      }
      rows.add(new ManifestTable.Row(rows.size() + 1, row));
    }
    return scans(parquet, header, rows, "row");
  }

  /** @param unit how a row's number is named in messages: "line" (CSV, TSV) or "row" (Parquet) */
  private static List<Scan> scans(Location manifest, List<String> header, List<ManifestTable.Row> table,
      String unit) {
    if (!header.contains("scan_id") || header.size() < 2) {
      throw new VoxtileException(manifest + ": needs a scan_id column and one column per pipeline input, has "
          + header);
    }
    Location base = manifest.absolute().parent();
    List<Scan> scans = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    for (ManifestTable.Row numbered : table) {
      Map<String, String> row = numbered.cells();
      String where = manifest + ": " + unit + " " + numbered.line();
      Map<String, Location> inputs = new LinkedHashMap<>();
      row.forEach((column, value) -> {
        if (!column.equals("scan_id")) { // a URI (hdfs://...) as it is, a path against the manifest's folder
          Location given = Location.of(value);
          Optional<Path> relative = given.localPath().filter(path -> !path.isAbsolute());
          inputs.put(column, relative.isEmpty() ? given : base.localPath()
              .map(dir -> Location.of(dir.resolve(relative.get()))).orElseGet(() -> base.resolve(value)));
        }
      });
      String id = row.get("scan_id");
      ScanIds.check(id, where + ": scan_id");
      Long earlier = firstLine.putIfAbsent(id.toLowerCase(Locale.ROOT), numbered.line());
      if (earlier != null) {
        throw new VoxtileException(manifest + ": scan id '" + id + "' on " + unit + " " + numbered.line()
            + " repeats " + unit + " " + earlier + " (ids are compared ignoring case); each scan needs its own"
            + " directory");
      }
      scans.add(new Scan(id, inputs));
    }
    if (scans.isEmpty()) {
      throw new VoxtileException(manifest + ": no scans");
    }
    return scans;
  }
}
