package org.voxtile.spark.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

/**
 * A batch scan's done marker, {@code DIR/<scan id>/_SUCCESS}, and what {@code --resume} reads
 * from it. The marker holds one line, {@code fingerprint sha256:<hex>}: a digest of what decides
 * the scan's output bytes (the pipeline file's bytes, the weights file's bytes, the output
 * options, and each input file's absolute path, size and modification time). Tile size, memory
 * budget and the number of executors are left out on purpose: the output does not depend on them.
 * Input files are identified by path, size and time rather than hashed, because hashing thousands
 * of scans on the driver would read every voxel twice.
 *
 * <p>Beside the marker, a scan of a pipeline with features keeps its rows of
 * {@code features.parquet} in {@code _features.tsv} (doubles as exact bit patterns), so a resumed
 * run can rebuild the whole table without recomputing finished scans. Names starting with
 * {@code _} are skipped by Spark and Hadoop readers.
 */
public final class DoneMarker {
  private static final String PREFIX = "fingerprint sha256:";

  private DoneMarker() {}

  /**
   * The part of every scan's fingerprint that the run shares: the pipeline file's and weights
   * file's bytes, and the output options.
   */
  public static String common(Path pipeline, Optional<Path> weightsFile, boolean splitChannels, boolean preview,
      OutputFormat format) {
    StringBuilder s = new StringBuilder("voxtile-done 1\n");
    s.append("pipeline ").append(sha256(pipeline)).append('\n');
    s.append("weights ").append(weightsFile.map(DoneMarker::sha256).orElse("none")).append('\n');
    s.append("split_channels ").append(splitChannels).append('\n');
    s.append("preview ").append(preview).append('\n');
    if (format != OutputFormat.NIFTI) { // absent for NIfTI: markers written before Zarr outputs existed still match
      s.append("output_format ").append(format.label()).append('\n');
    }
    return s.toString();
  }

  /** A scan's fingerprint: {@code common} plus the identities of its inputs (name to file). */
  public static String fingerprint(String common, Map<String, Location> inputs) {
    StringBuilder s = new StringBuilder(common);
    for (Map.Entry<String, Location> input : inputs.entrySet()) {
      Location file = input.getValue().absolute();
      s.append("input ").append(input.getKey()).append(' ').append(file).append(' ').append(file.size())
          .append(' ').append(file.modifiedMillis()).append('\n');
    }
    return HexFormat.of().formatHex(digest().digest(s.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The marker's text for {@code fingerprint}. */
  public static String text(String fingerprint) {
    return PREFIX + fingerprint + "\n";
  }

  /**
   * Whether the scan directory holds a done marker of this fingerprint.
   *
   * @throws VoxtileException if it holds a marker of another fingerprint (or none readable): the
   *     finished output was made from other inputs, pipeline or weights, and resuming would mix
   *     two runs' results in one batch
   */
  public static boolean isDone(Location scanDir, String scanId, String fingerprint) {
    Location marker = scanDir.resolve(OutputNames.SUCCESS);
    if (!marker.isFile()) {
      return false;
    }
    String recorded = marker.readString().strip();
    if (!recorded.startsWith(PREFIX)) {
      throw new VoxtileException("scan '" + scanId + "': " + marker + " holds no fingerprint (written by an older "
          + "voxtile), so --resume cannot tell whether it matches; rerun with --overwrite instead");
    }
    if (!recorded.substring(PREFIX.length()).equals(fingerprint)) {
      throw new VoxtileException("scan '" + scanId + "': " + marker + " was written with another pipeline, weights, "
          + "output options or input files; --resume only continues the same job (rerun with --overwrite)");
    }
    return true;
  }

  /** Feature rows as {@code _features.tsv} text, doubles as exact bit patterns. */
  public static String featuresText(List<FeatureRow> rows) {
    StringBuilder s = new StringBuilder();
    for (FeatureRow r : rows) {
      s.append(r.scanId()).append('\t').append(r.node()).append('\t').append(r.channel()).append('\t')
          .append(r.feature()).append('\t').append(r.level() == null ? "-" : r.level()).append('\t')
          .append(r.bin() == null ? "-" : r.bin()).append('\t')
          .append(Long.toHexString(Double.doubleToRawLongBits(r.value()))).append('\n');
    }
    return s.toString();
  }

  /** The feature rows a finished scan kept beside its marker. */
  public static List<FeatureRow> readFeatures(Location scanDir) {
    Location file = scanDir.resolve(OutputNames.SCAN_FEATURES);
    List<FeatureRow> rows = new ArrayList<>();
    try {
      for (String line : file.readString().lines().toList()) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
          throw new VoxtileException(file + ": damaged line '" + line + "'; rerun with --overwrite");
        }
        rows.add(new FeatureRow(f[0], f[1], Integer.parseInt(f[2]), f[3],
            f[4].equals("-") ? null : Integer.valueOf(f[4]), f[5].equals("-") ? null : Integer.valueOf(f[5]),
            Double.longBitsToDouble(Long.parseUnsignedLong(f[6], 16))));
      }
    } catch (NumberFormatException e) {
      throw new VoxtileException(file + ": damaged (" + e.getMessage() + "); rerun with --overwrite");
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException("cannot read " + file + " (the finished scan's features)", e.getCause());
    }
    return rows;
  }

  private static String sha256(Path file) {
    MessageDigest md = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
