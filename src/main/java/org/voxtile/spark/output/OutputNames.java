package org.voxtile.spark.output;

import java.util.List;
import java.util.Set;

/**
 * Every name a run gives a file or directory of its output directory {@code DIR} (and, in a batch,
 * of each {@code DIR/<scan id>/}), in one place: what users, scripts and {@code --overwrite} rely
 * on. Names starting with {@code _} are skipped by Spark's and Hadoop's readers.
 */
public final class OutputNames {
  /** The run's description: tiles, halo overhead, plan, timings. */
  public static final String REPORT = "report.json";
  /** Written last: the directory (or a batch scan's directory, with its fingerprint) is complete. */
  public static final String SUCCESS = "_SUCCESS";
  /** Mid slices of every input channel and output ({@code --preview}). */
  public static final String PREVIEW = "preview.png";
  /** The features table (a Parquet directory) when the pipeline asks for features. */
  public static final String FEATURES = "features.parquet";
  /** A batch scan's rows of the features table, beside its done marker. */
  public static final String SCAN_FEATURES = "_features.tsv";
  /** Held while a run writes into the directory. */
  public static final String LOCK = "_voxtile.lock";
  /** Work in progress: scratch tiles, decoded inputs, staged files. */
  public static final String TEMPORARY = "_temporary";

  // Inside _temporary (per scan, _temporary/<scan id>/ in a batch): scratch, never a result.
  /** Each tile's outputs as the tasks wrote them, before stitching. */
  public static final String TILES = "tiles";
  /** The maps a staged plan materialises, chunked by the tiles of the stage that writes them. */
  public static final String STAGE_SCRATCH = "stages";
  /** Stitched output files, staged before they are moved into {@code DIR}. */
  public static final String STAGED = "out";
  /** Compressed or remote inputs decoded to uncompressed copies that can be read by range. */
  public static final String INPUTS = "inputs";
  /** A finished batch scan's directory, assembled whole before one rename onto {@code DIR/<scan id>}. */
  public static final String DONE = "done";
  /** The earlier directory of a scan being overwritten, moved aside until the new one is in place. */
  public static final String REPLACED = "replaced";

  private static final String VOLUME = ".nii.gz";

  private OutputNames() {}

  /** {@code <node>.nii.gz}: an output node's volume, every channel in one file. */
  public static String volume(String node) {
    return node + VOLUME;
  }

  /** {@code <node>_c<k>.nii.gz}: channel {@code channel} of an output node ({@code --split-channels}). */
  public static String channel(String node, int channel) {
    return node + "_c" + channel + VOLUME;
  }

  /** {@code <node>.ome.zarr}: an output node's OME-Zarr image ({@code --output-format zarr}). */
  public static String image(String node) {
    return node + ".ome.zarr";
  }

  /** The file names of an output node: one volume, or one per channel when split. */
  public static List<String> volumes(String node, int channels, boolean split) {
    if (!split || channels == 1) {
      return List.of(volume(node));
    }
    return java.util.stream.IntStream.range(0, channels).mapToObj(c -> channel(node, c)).toList();
  }

  /** The names of a run's own files in {@code DIR}, which a scan id may not take. */
  public static Set<String> runFiles() {
    return Set.of(FEATURES, REPORT, PREVIEW);
  }
}
