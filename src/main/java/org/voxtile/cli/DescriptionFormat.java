package org.voxtile.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voxtile.Json;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.tiling.Description;
import org.voxtile.tiling.Description.Row;
import org.voxtile.tiling.Description.StageRow;
import org.voxtile.tiling.StagedPlanner;
import org.voxtile.tiling.TilePlan;

/**
 * {@code describe}'s output: a table for people, one JSON object for programs. Both show the
 * same numbers; the JSON keeps every digit and lists triples as {@code [x, y, z]}. The text
 * lists the stages only when there is more than one; the JSON always has them.
 */
final class DescriptionFormat {
  private DescriptionFormat() {}

  /**
   * @param budget the memory budget the plan was chosen for, or null for a fixed --tile
   * @param staging the cut choice and scratch budget the stages were planned with
   */
  static String text(NetworkBuilder.Built built, Description d, Long budget, StagingFlags staging) {
    StringBuilder s = new StringBuilder();
    s.append("pipeline ").append(built.spec().name()).append(" (").append(built.spec().source()).append(")\n");
    s.append("input    ").append(String.join(", ", built.spec().inputs())).append(": ")
        .append(d.inputShape().channels()).append(d.inputShape().channels() == 1 ? " channel x " : " channels x ")
        .append(d.inputShape().extent()).append("\n");
    if (!built.spec().outputs().isEmpty()) {
      s.append("outputs  ").append(String.join(", ", built.spec().outputs().stream()
          .map(node -> node + " (" + built.spec().outputDatatype(node).label() + ")").toList())).append("\n");
    }
    if (!built.missingWeights().isEmpty()) {
      s.append("weights  missing: ").append(String.join(", ", built.missingWeights()))
          .append(" (run needs them, from a weights file or init:)\n");
    }
    s.append('\n');
    String format = "%-14s %-20s %8s %-14s %-12s %-14s %-17s %10s %10s %10s %9s%n";
    s.append(String.format(Locale.ROOT, format, "node", "op", "channels", "out shape", "receptive",
        "jump", "halo lo / hi", "params", "MACs", "memory", "overhead"));
    for (Row r : d.nodes()) {
      s.append(String.format(Locale.ROOT, format, r.name(), r.op(), r.channels(), r.outShape(),
          r.field().size(), jump(r.field().jump()), halo(r.field().halo()), count(r.params()),
          count(r.macs()), bytes(r.activationBytes()),
          r.wholeVoxels() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.overhead())));
    }
    s.append(String.format(Locale.ROOT, "%ntotal: %s parameters, %s MACs (about %s FLOPs)%n",
        count(d.totalParams()), count(d.totalMacs()), count(2 * d.totalMacs())));
    TilePlan p = d.plan();
    s.append(String.format(Locale.ROOT,
        "%nplan:   %d tile%s of %s output voxels of '%s' (aligned to %s)%n"
        + "        input halo per side: lower %s, upper %s%n"
        + "        halo overhead: %.3f (voxels computed over all tiles / by one whole-volume run)%n"
        + "        peak memory per task: %s of live maps%s%n",
        p.tiles().size(), p.tiles().size() == 1 ? "" : "s", p.tileExtent(), p.reference(), p.alignment(),
        triple(p.inputHalo().lower()), triple(p.inputHalo().upper()), p.haloOverhead(), bytes(p.peakBytes()),
        budget == null ? " (--tile given)" : " (budget " + bytes(budget) + ", --tile auto)"));
    if (d.stages().size() > 1) {
      stagesText(d.stages(), staging, s);
    }
    return s.toString();
  }

  /** One row per stage, then the totals and the cost model's rates. */
  private static void stagesText(List<StageRow> stages, StagingFlags staging, StringBuilder s) {
    s.append(String.format(Locale.ROOT, "%nstages: %d, the statistics of each global node, then the outputs "
        + "(--cuts %s, --scratch-budget %s)%n", stages.size(), StagingFlags.spelling(staging.cuts()),
        bytes(staging.scratchBudget())));
    int width = Math.max("statistics of".length(), "outputs".length());
    for (StageRow r : stages) {
      width = Math.max(width, r.statisticsOf().length());
    }
    String format = "%-5s %-" + width + "s %6s %6s %-11s %8s %10s %10s %8s  %s%n";
    s.append(String.format(Locale.ROOT, format, "stage", "statistics of", "passes", "tiles", "cut", "MACs",
        "written", "read", "core-s", "maps"));
    for (StageRow r : stages) {
      s.append(String.format(Locale.ROOT, format, r.index(), r.statisticsOf().isEmpty() ? "outputs" : r.statisticsOf(),
          r.passes(), r.tiles(), r.choice().isEmpty() ? "-" : r.choice().toLowerCase(Locale.ROOT), count(r.macs()),
          bytes(r.bytesWritten()), bytes(r.bytesRead()), seconds(r.seconds()), maps(r)));
    }
    Totals t = Totals.of(stages);
    s.append(String.format(Locale.ROOT, "total:  %s MACs, scratch %s written and %s read, about %s core-seconds%n",
        count(t.macs()), bytes(t.written()), bytes(t.read()), seconds(t.seconds())));
    s.append(String.format(Locale.ROOT, "cost model: %s MAC/s per core, %s scratch bytes/s per task "
        + "(auto materialises a cut when that is faster than recomputing)%n",
        count((long) StagedPlanner.MACS_PER_SECOND), count((long) StagedPlanner.SCRATCH_BYTES_PER_SECOND)));
  }

  /** {@code materialises a, b; reads c; recomputes d}: the non-empty parts, or "-". */
  private static String maps(StageRow r) {
    List<String> parts = new ArrayList<>();
    if (!r.materialises().isEmpty()) {
      parts.add("materialises " + String.join(", ", r.materialises()));
    }
    if (!r.reads().isEmpty()) {
      parts.add("reads " + String.join(", ", r.reads()));
    }
    if (!r.recomputes().isEmpty()) {
      parts.add("recomputes " + String.join(", ", r.recomputes()));
    }
    return parts.isEmpty() ? "-" : String.join("; ", parts);
  }

  /** The stages' sums. */
  private record Totals(long macs, long written, long read, double seconds) {
    static Totals of(List<StageRow> stages) {
      return new Totals(stages.stream().mapToLong(StageRow::macs).sum(),
          stages.stream().mapToLong(StageRow::bytesWritten).sum(), stages.stream().mapToLong(StageRow::bytesRead).sum(),
          stages.stream().mapToDouble(StageRow::seconds).sum());
    }
  }

  /**
   * The windows of sliding-window mode (the node table and plan above are one window's run).
   *
   * @param summary {@link org.voxtile.tiling.SlidingWindowRunner#summary}
   */
  @SuppressWarnings("unchecked")
  static String windows(Map<String, Object> summary, Extent scan, long budget) {
    List<List<Long>> starts = (List<List<Long>>) summary.get("starts");
    long peak = (Long) summary.get("peak_bytes_per_task");
    return String.format(Locale.ROOT, "%nsliding window: %d windows of %s over %s (overlap %s, blend %s%s, "
        + "padding constant %s)%n        starts x: %s%n        starts y: %s%n        starts z: %s%n"
        + "        padding before the scan: %s%n"
        + "        overlap factor: %.3f (voxels computed over all windows / voxels of the padded scan)%n"
        + "        memory per task: %s of live maps (one window's whole-image run; %s --memory-per-task %s)%n",
        summary.get("windows"), join((List<Long>) summary.get("roi_size")), triple(scan), summary.get("overlap"),
        summary.get("blend"), summary.containsKey("sigma_scale") ? ", sigma_scale " + summary.get("sigma_scale") : "",
        summary.get("cval"), starts.get(0), starts.get(1), starts.get(2),
        join((List<Long>) summary.get("padding_before")), (Double) summary.get("overlap_factor"), bytes(peak),
        peak <= budget ? "within" : "MORE THAN", bytes(budget));
  }

  private static String join(List<Long> v) {
    return v.get(0) + "," + v.get(1) + "," + v.get(2);
  }

  static String json(NetworkBuilder.Built built, Description d, Long budget, StagingFlags staging) {
    return Json.line(jsonObject(built, d, budget, staging));
  }

  /** The object {@link #json} prints, for a caller that adds keys of its own. */
  static Map<String, Object> jsonObject(NetworkBuilder.Built built, Description d, Long budget, StagingFlags staging) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("pipeline", built.spec().name());
    o.put("input", map("names", built.spec().inputs(), "channels", d.inputShape().channels(),
        "shape", array(d.inputShape().extent())));
    o.put("outputs", built.spec().outputs().stream()
        .map(node -> map("node", node, "datatype", built.spec().outputDatatype(node).label())).toList());
    o.put("missing_weights", built.missingWeights());
    List<Object> nodes = new ArrayList<>();
    for (Row r : d.nodes()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", r.name());
      n.put("op", r.op());
      n.put("inputs", r.inputs());
      n.put("channels", r.channels());
      n.put("out_shape", array(r.outShape()));
      n.put("receptive_field", array(r.field().size()));
      double[] j = r.field().jump();
      n.put("jump", List.of(Json.number(j[0]), Json.number(j[1]), Json.number(j[2])));
      n.put("halo", haloJson(r.field().halo()));
      n.put("params", r.params());
      n.put("macs", r.macs());
      n.put("flops", 2 * r.macs());
      n.put("activation_bytes", r.activationBytes());
      n.put("computed_voxels", r.computedVoxels());
      n.put("whole_voxels", r.wholeVoxels());
      nodes.add(n);
    }
    o.put("nodes", nodes);
    o.put("totals", map("params", d.totalParams(), "macs", d.totalMacs(), "flops", 2 * d.totalMacs()));
    TilePlan p = d.plan();
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("tiles", p.tiles().size());
    plan.put("reference", p.reference());
    plan.put("tile_extent", array(p.tileExtent()));
    plan.put("alignment", array(p.alignment()));
    plan.put("halo", haloJson(p.inputHalo()));
    plan.put("halo_overhead", Json.number(p.haloOverhead()));
    plan.put("peak_bytes", p.peakBytes());
    plan.put("memory_per_task", budget);
    o.put("plan", plan);
    List<Object> stages = new ArrayList<>();
    for (StageRow r : d.stages()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("index", r.index());
      n.put("statistics_of", r.statisticsOf().isEmpty() ? null : r.statisticsOf());
      n.put("passes", r.passes());
      n.put("tiles", r.tiles());
      n.put("choice", r.choice().isEmpty() ? null : r.choice().toLowerCase(Locale.ROOT));
      n.put("materialises", r.materialises());
      n.put("reads", r.reads());
      n.put("recomputes", r.recomputes());
      n.put("macs", r.macs());
      n.put("scratch_bytes_written", r.bytesWritten());
      n.put("scratch_bytes_read", r.bytesRead());
      n.put("seconds", Json.number(r.seconds()));
      stages.add(n);
    }
    o.put("stages", stages);
    Totals t = Totals.of(d.stages());
    o.put("staging", map("cuts", StagingFlags.spelling(staging.cuts()), "scratch_budget", staging.scratchBudget(),
        "macs", t.macs(), "scratch_bytes_written", t.written(), "scratch_bytes_read", t.read(),
        "seconds", Json.number(t.seconds()), "macs_per_second", Json.number(StagedPlanner.MACS_PER_SECOND),
        "scratch_bytes_per_second", Json.number(StagedPlanner.SCRATCH_BYTES_PER_SECOND)));
    return o;
  }

  static String triple(Extent e) {
    return e.x() + "," + e.y() + "," + e.z();
  }

  private static String halo(Halo h) {
    return triple(h.lower()) + " / " + triple(h.upper());
  }

  private static Map<String, Object> haloJson(Halo h) {
    return map("lower", array(h.lower()), "upper", array(h.upper()));
  }

  private static List<Long> array(Extent e) {
    return List.of(e.x(), e.y(), e.z());
  }

  /** An ordered map of key, value pairs. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** 1x1x1, 0.5x0.5x0.5, 3.33333x3x1: whole numbers plainly, fractions to six digits. */
  private static String jump(double[] j) {
    return number(j[0]) + "x" + number(j[1]) + "x" + number(j[2]);
  }

  private static String number(double v) {
    if (v == Math.rint(v)) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** 1234567 as 1.23M: three significant digits with k, M, G, T. */
  static String count(long n) {
    if (n < 10_000) {
      return String.valueOf(n);
    }
    String[] units = {"k", "M", "G", "T", "P"};
    double v = n;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v >= 100 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s", v, units[u]);
  }

  /** Core-seconds to three significant digits, whole from 100 on. */
  static String seconds(double v) {
    return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f", v);
  }

  static String bytes(long n) {
    return org.voxtile.ByteSize.format(n);
  }
}
