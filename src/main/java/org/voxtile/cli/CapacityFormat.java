package org.voxtile.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voxtile.Json;
import org.voxtile.tiling.CapacityModel;
import org.voxtile.tiling.CapacityModel.Prediction;
import org.voxtile.tiling.CapacityModel.StagePrediction;

/** {@code describe --cluster}: the capacity model's prediction as text and as JSON. */
final class CapacityFormat {
  private CapacityFormat() {}

  static String text(Prediction p) {
    StringBuilder s = new StringBuilder();
    CapacityModel.Cluster c = p.cluster();
    s.append(String.format(Locale.ROOT, "%ncluster: %d executors x %d cores, %s each: %d tasks at once per executor,"
        + " %d in all%n", c.executors(), c.cores(), DescriptionFormat.bytes(c.memory()), p.tasksPerExecutor(),
        p.slots()));
    String format = "%-5s %-14s %10s %8s %10s %12s %12s %12s%n";
    s.append(String.format(Locale.ROOT, format, "stage", "statistics of", "tasks", "waves", "task-s", "input read",
        "scratch", "wall-s"));
    for (StagePrediction r : p.stages()) {
      s.append(String.format(Locale.ROOT, format, r.index(), r.statisticsOf().isEmpty() ? "outputs" : r.statisticsOf(),
          r.tasks(), r.waves(), DescriptionFormat.seconds(r.taskSeconds()), DescriptionFormat.bytes(r.inputBytes()),
          DescriptionFormat.bytes(r.scratchBytes()), DescriptionFormat.seconds(r.seconds())));
    }
    s.append(p.stitchSeconds() > 0
        ? String.format(Locale.ROOT, "stitch: %s of NIfTI outputs written by the driver after the last task, "
            + "about %s s%n", DescriptionFormat.bytes(p.outputBytes()), DescriptionFormat.seconds(p.stitchSeconds()))
        : String.format(Locale.ROOT, "outputs: %s written as OME-Zarr chunks by the tasks; nothing after the last "
            + "task%n", DescriptionFormat.bytes(p.outputBytes())));
    s.append(String.format(Locale.ROOT, "expected wall time: %s s (%s), %d tasks, no shuffle%n",
        DescriptionFormat.seconds(p.seconds()), human(p.seconds()), p.tasks()));
    s.append(String.format(Locale.ROOT, "model: %s MAC/s, %s input B/s, %s scratch B/s per core, %s s per task,"
        + " stitch %s B/s, chunks %s B/s per core (measured on the development machine: docs/scale.md)%n",
        DescriptionFormat.count((long) CapacityModel.MACS_PER_CORE_SECOND),
        DescriptionFormat.count((long) CapacityModel.INPUT_BYTES_PER_SECOND),
        DescriptionFormat.count((long) CapacityModel.SCRATCH_BYTES_PER_SECOND),
        DescriptionFormat.seconds(CapacityModel.TASK_SECONDS),
        DescriptionFormat.count((long) CapacityModel.STITCH_BYTES_PER_SECOND),
        DescriptionFormat.count((long) CapacityModel.CHUNK_BYTES_PER_SECOND)));
    return s.toString();
  }

  static Map<String, Object> json(Prediction p) {
    Map<String, Object> o = new LinkedHashMap<>();
    CapacityModel.Cluster c = p.cluster();
    o.put("executors", c.executors());
    o.put("cores_per_executor", c.cores());
    o.put("memory_per_executor", c.memory());
    o.put("tasks_per_executor", p.tasksPerExecutor());
    o.put("slots", p.slots());
    List<Object> stages = new ArrayList<>();
    for (StagePrediction r : p.stages()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("index", r.index());
      n.put("statistics_of", r.statisticsOf().isEmpty() ? null : r.statisticsOf());
      n.put("tasks", r.tasks());
      n.put("waves", r.waves());
      n.put("task_seconds", Json.number(r.taskSeconds()));
      n.put("input_bytes", r.inputBytes());
      n.put("scratch_bytes", r.scratchBytes());
      n.put("seconds", Json.number(r.seconds()));
      stages.add(n);
    }
    o.put("stages", stages);
    o.put("tasks", p.tasks());
    o.put("input_bytes", p.inputBytes());
    o.put("scratch_bytes", p.scratchBytes());
    o.put("output_bytes", p.outputBytes());
    o.put("stitch_seconds", Json.number(p.stitchSeconds()));
    o.put("seconds", Json.number(p.seconds()));
    o.put("rates", Map.of("macs_per_core_second", Json.number(CapacityModel.MACS_PER_CORE_SECOND),
        "input_bytes_per_second", Json.number(CapacityModel.INPUT_BYTES_PER_SECOND),
        "scratch_bytes_per_second", Json.number(CapacityModel.SCRATCH_BYTES_PER_SECOND),
        "task_seconds", Json.number(CapacityModel.TASK_SECONDS),
        "stitch_bytes_per_second", Json.number(CapacityModel.STITCH_BYTES_PER_SECOND),
        "chunk_bytes_per_second", Json.number(CapacityModel.CHUNK_BYTES_PER_SECOND)));
    return o;
  }

  private static String human(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
  }
}
