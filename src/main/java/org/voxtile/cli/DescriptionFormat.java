package org.voxtile.cli;

import static org.voxtile.cli.InfoCommand.jsonNumber;
import static org.voxtile.cli.InfoCommand.quote;

import java.util.List;
import java.util.Locale;
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
    StringBuilder s = new StringBuilder("{");
    s.append("\"pipeline\": ").append(quote(built.spec().name()));
    s.append(", \"input\": {\"names\": ").append(strings(built.spec().inputs()))
        .append(", \"channels\": ").append(d.inputShape().channels())
        .append(", \"shape\": ").append(array(d.inputShape().extent())).append('}');
    s.append(", \"missing_weights\": ").append(strings(built.missingWeights()));
    s.append(", \"nodes\": [");
    for (int i = 0; i < d.nodes().size(); i++) {
      Row r = d.nodes().get(i);
      s.append(i > 0 ? ", " : "").append('{');
      s.append("\"name\": ").append(quote(r.name()));
      s.append(", \"op\": ").append(quote(r.op()));
      s.append(", \"inputs\": ").append(strings(r.inputs()));
      s.append(", \"channels\": ").append(r.channels());
      s.append(", \"out_shape\": ").append(array(r.outShape()));
      s.append(", \"receptive_field\": ").append(array(r.field().size()));
      double[] j = r.field().jump();
      s.append(", \"jump\": [").append(jsonNumber(j[0])).append(", ").append(jsonNumber(j[1])).append(", ")
          .append(jsonNumber(j[2])).append(']');
      s.append(", \"halo\": ").append(halo(r.field().halo(), true));
      s.append(", \"params\": ").append(r.params());
      s.append(", \"macs\": ").append(r.macs());
      s.append(", \"flops\": ").append(2 * r.macs());
      s.append(", \"activation_bytes\": ").append(r.activationBytes());
      s.append(", \"computed_voxels\": ").append(r.computedVoxels());
      s.append(", \"whole_voxels\": ").append(r.wholeVoxels());
      s.append('}');
    }
    s.append("], \"totals\": {\"params\": ").append(d.totalParams())
        .append(", \"macs\": ").append(d.totalMacs()).append(", \"flops\": ").append(2 * d.totalMacs()).append('}');
    TilePlan p = d.plan();
    s.append(", \"plan\": {\"tiles\": ").append(p.tiles().size());
    s.append(", \"reference\": ").append(quote(p.reference()));
    s.append(", \"tile_extent\": ").append(array(p.tileExtent()));
    s.append(", \"alignment\": ").append(array(p.alignment()));
    s.append(", \"halo\": ").append(halo(p.inputHalo(), true));
    s.append(", \"halo_overhead\": ").append(jsonNumber(p.haloOverhead()));
    s.append(", \"peak_bytes\": ").append(p.peakBytes());
    s.append(", \"memory_per_task\": ").append(budget == null ? "null" : budget.toString());
    return s.append("}}").toString();
  }

  static String triple(Extent e) {
    return e.x() + "," + e.y() + "," + e.z();
  }

  private static String halo(Halo h) {
    return triple(h.lower()) + " / " + triple(h.upper());
  }

  private static String halo(Halo h, boolean json) {
    return "{\"lower\": " + array(h.lower()) + ", \"upper\": " + array(h.upper()) + "}";
  }

  private static String array(Extent e) {
    return "[" + e.x() + ", " + e.y() + ", " + e.z() + "]";
  }

  private static String strings(List<String> names) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < names.size(); i++) {
      s.append(i > 0 ? ", " : "").append(quote(names.get(i)));
    }
    return s.append(']').toString();
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
