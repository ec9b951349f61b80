package org.voxtile.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.voxtile.network.Network;
import org.voxtile.ops.Op;
import org.voxtile.spark.stitch.ChunkedScratch;
import org.voxtile.stats.Statistics;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Stage;
import org.voxtile.tiling.StageTask;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.StagedRunner;
import org.voxtile.tiling.Tile;

/**
 * The statistics stages of one scan on Spark, the steps {@link StagedRunner} takes in one JVM:
 * per stage and pass one Spark job of one task per tile ({@link StatisticsTask}), whose exact
 * partials Spark's reduce merges as they arrive (the driver holds one at a time, and the merged
 * value is the same in any order), then the global op bound on the driver. The final stage's
 * network, with every global node bound, is what the scan's tile tasks then compute.
 */
final class StatisticsStages {
  /**
   * @param network the final stage's network, every global node bound
   * @param report one entry per statistics stage for report.json
   * @param total the numbers of all their tasks
   */
  record Done(Network network, List<Map<String, Object>> report, TileResult total) {}

  private StatisticsStages() {}

  /**
   * Runs every statistics stage of {@code scan}; for a single-stage plan returns at once.
   *
   * @throws org.voxtile.VoxtileException naming the node and scan when a statistic is undefined
   *     (an empty mask), before any output tile is computed
   */
  static Done run(JavaSparkContext spark, PreparedScan scan, Map<String, Location> inputs, ChunkedScratch scratch) {
    StagedPlan plan = scan.staged();
    String id = scan.scan().id();
    Map<String, Op> bound = new HashMap<>();
    List<Map<String, Object>> report = new ArrayList<>();
    TileResult total = null;
    for (Stage stage : plan.stages()) {
      if (stage.isFinal()) {
        return new Done(new StageTask(stage, plan.shapes(), bound).network(), report, total);
      }
      long start = System.nanoTime();
      StageTask task = new StageTask(stage, plan.shapes(), bound);
      for (String map : stage.writes()) {
        scratch.create(map, plan.shapes().get(map));
      }
      List<Tile> tiles = stage.tiles().tiles();
      Statistics known = Statistics.NONE;
      TileResult numbers = null;
      for (int pass = 0; pass < stage.passes(); pass++) {
        spark.setJobDescription(String.format("voxtile %s: stage %d (statistics of '%s'), pass %d/%d, %d tiles",
            id, stage.index(), stage.global().get(), pass + 1, stage.passes(), tiles.size()));
        StatisticsTask.Result merged = spark.parallelize(tiles, tiles.size())
            .map(new StatisticsTask(task, inputs, scratch, pass, known)).reduce(StatisticsTask.Result::merge);
        known = known.then(merged.partial());
        numbers = numbers == null ? merged.numbers() : numbers.merge(merged.numbers());
      }
      bound.put(stage.global().get(), StagedRunner.bind(stage, known, id));
      report.add(row(stage, numbers, System.nanoTime() - start));
      total = total == null ? numbers : total.merge(numbers);
    }
    throw new IllegalStateException("a staged plan ends with its final stage");
  }

  private static Map<String, Object> row(Stage stage, TileResult numbers, long nanos) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("stage", stage.index());
    r.put("statistics_of", stage.global().get());
    r.put("passes", stage.passes());
    r.put("tiles", stage.tiles().tiles().size());
    r.put("choice", stage.choice().name().toLowerCase(java.util.Locale.ROOT));
    r.put("materialises", stage.writes().stream().sorted().toList());
    r.put("reads", stage.readMaps());
    r.put("seconds", ScanRun.seconds(nanos));
    r.put("task_read_s", ScanRun.seconds(numbers.readNanos()));
    r.put("task_compute_s", ScanRun.seconds(numbers.computeNanos()));
    r.put("input_read", numbers.bytesRead());
    r.put("scratch_written", numbers.bytesWritten());
    r.put("scratch_read", numbers.scratchBytesRead());
    r.put("predicted_scratch_written", stage.bytesWritten());
    r.put("predicted_scratch_read", stage.bytesRead());
    r.put("predicted_live_maps_per_task", stage.tiles().peakBytes());
    r.put("measured_live_maps_per_task", numbers.liveMapsPeakBytes());
    return r;
  }
}
