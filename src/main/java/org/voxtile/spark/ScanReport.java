package org.voxtile.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.NodeShape;
import org.voxtile.tiling.TilePlan;

/** One scan's part of report.json: inputs, plan, halo overhead, times, bytes. */
final class ScanReport {
  private ScanReport() {}

  /** @param stages the scan's statistics stages (none for a network of local ops) */
  static Map<String, Object> of(PreparedScan scan, TileResult total, StatisticsStages.Done stages,
      long outputBytes, Map<String, Double> driverTimes) {
    TilePlan plan = scan.plan();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("scan_id", scan.scan().id());
    Map<String, Object> inputs = new LinkedHashMap<>();
    scan.scan().inputs().forEach((name, path) -> inputs.put(name, path.toString()));
    r.put("inputs", inputs);
    r.put("input_shape", extent(scan.windows().map(w -> w.windows().image()).orElse(plan.inputExtent())));
    r.put("input_channels", scan.channelsByInput().values().stream().mapToInt(Integer::intValue).sum());
    Map<String, Object> outputs = new LinkedHashMap<>();
    for (String node : scan.writtenOutputs()) {
      NodeShape shape = scan.built().shapes().get(node);
      outputs.put(node, Map.of("shape", extent(scan.extentOf(node)), "channels", shape.channels()));
    }
    r.put("outputs", outputs);
    if (scan.windows().isPresent()) { // the tasks are the windows: no halo, no tile plan
      r.put("tiles", scan.taskCount());
      r.put("sliding_window", scan.windows().get().summary(scan.built().spec().inference()));
      r.put("times", times(total, driverTimes));
      r.put("bytes", Map.of("input_read", total.bytesRead(), "scratch_written", total.bytesWritten(),
          "output_written", outputBytes));
      r.put("memory", Map.of("predicted_live_maps_per_task", scan.windows().get().peakBytes(),
          "executor_heap_peak", total.heapPeakBytes()));
      return r;
    }
    r.put("tiles", plan.tiles().size());
    if (scan.isStaged()) { // the final stage's tiles above; the statistics stages' here
      r.put("stages", stages.report());
    }
    r.put("halo_overhead", plan.haloOverhead());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("reference_output", plan.reference());
    p.put("tile_shape", extent(plan.tileExtent()));
    p.put("alignment", extent(plan.alignment()));
    Halo halo = plan.inputHalo();
    p.put("input_halo", Map.of("lower", extent(halo.lower()), "upper", extent(halo.upper())));
    p.put("peak_bytes_per_task", plan.peakBytes());
    p.put("measured_peak_bytes_per_task", total.liveMapsPeakBytes());
    Map<String, Object> perNode = new TreeMap<>();
    plan.computedPerNode().forEach((node, voxels) -> perNode.put(node, Map.of(
        "computed_voxels", voxels, "whole_voxels", plan.wholePerNode().get(node),
        "overhead", plan.overhead(node))));
    p.put("per_node", perNode);
    r.put("plan", p);
    r.put("times", times(total, driverTimes));
    Map<String, Object> bytes = new LinkedHashMap<>();
    bytes.put("input_read", total.bytesRead());
    bytes.put("scratch_written", total.bytesWritten());
    if (scan.isStaged()) {
      bytes.put("stage_scratch_written", stages.total().bytesWritten());
      bytes.put("stage_scratch_read", stages.total().scratchBytesRead() + total.scratchBytesRead());
      bytes.put("stage_input_read", stages.total().bytesRead());
    }
    bytes.put("output_written", outputBytes);
    r.put("bytes", bytes);
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("predicted_live_maps_per_task", plan.peakBytes());
    memory.put("measured_live_maps_per_task", total.liveMapsPeakBytes());
    memory.put("executor_heap_peak", total.heapPeakBytes());
    r.put("memory", memory);
    return r;
  }

  private static Map<String, Object> times(TileResult total, Map<String, Double> driverTimes) {
    Map<String, Object> times = new LinkedHashMap<>(driverTimes);
    times.put("task_read_s", ScanRun.seconds(total.readNanos()));
    times.put("task_compute_s", ScanRun.seconds(total.computeNanos()));
    times.put("task_write_s", ScanRun.seconds(total.writeNanos()));
    return times;
  }

  private static List<Long> extent(Extent e) {
    return List.of(e.x(), e.y(), e.z());
  }
}
