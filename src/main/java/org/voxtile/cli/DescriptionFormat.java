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
import org.voxtile.tiling.TilePlan;

/**
 * {@code describe}'s output: a table for people, one JSON object for programs. Both show the
 * same numbers; the JSON keeps every digit and lists triples as {@code [x, y, z]}.
 */
final class DescriptionFormat {
  private DescriptionFormat() {}

  /** @param budget the memory budget the plan was chosen for, or null for a fixed --tile */
  static String text(NetworkBuilder.Built built, Description d, Long budget) {
    StringBuilder s = new StringBuilder();
    s.append("pipeline ").append(built.spec().name()).append(" (").append(built.spec().source()).append(")\n");
    s.append("input    ").append(String.join(", ", built.spec().inputs())).append(": ")
        .append(d.inputShape().channels()).append(d.inputShape().channels() == 1 ? " channel x " : " channels x ")
        .append(d.inputShape().extent()).append("\n");
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
    return s.toString();
  }

  static String json(NetworkBuilder.Built built, Description d, Long budget) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("pipeline", built.spec().name());
    o.put("input", map("names", built.spec().inputs(), "channels", d.inputShape().channels(),
        "shape", array(d.inputShape().extent())));
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
    return Json.line(o);
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
  private static String count(long n) {
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

  private static String bytes(long n) {
    return org.voxtile.ByteSize.format(n);
  }
}
