package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.Op;
import org.voxtile.stats.Partial;
import org.voxtile.stats.Statistics;
import org.voxtile.volume.Volume;

/**
 * Runs a {@link StagedPlan} in one JVM, stage after stage, tile after tile: the same steps the
 * Spark job takes with one job per pass. For each statistics stage: every tile's partial per
 * pass ({@link StageTask#reduce}), merged exactly ({@link Partial#mergeAll}), then the global op
 * bound ({@link #bind}); then the final stage's tiles, stitched. The result equals the
 * whole-volume result bit for bit, for any tiles and either choice at each cut.
 *
 * <pre>{@code
 * Map<String, Volume> out = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "sub-01");
 * }</pre>
 */
public final class StagedRunner {
  private final StagedPlan plan;

  public StagedRunner(StagedPlan plan) {
    this.plan = plan;
  }

  /**
   * The whole outputs of one scan.
   *
   * @param scan the scan's name, for messages
   * @throws VoxtileException naming the node and scan when a statistic is undefined (an empty
   *     mask), before the final stage computes anything
   */
  public Map<String, Volume> run(InputSource source, Scratch scratch, String scan) {
    Map<String, Op> bound = new HashMap<>();
    for (Stage stage : plan.stages()) {
      StageTask task = new StageTask(stage, plan.shapes(), bound);
      if (stage.isFinal()) {
        return stitch(stage, task, source, scratch);
      }
      for (String map : stage.writes()) {
        scratch.create(map, plan.shapes().get(map));
      }
      Statistics known = Statistics.NONE;
      for (int pass = 0; pass < stage.passes(); pass++) {
        List<Partial> partials = new ArrayList<>();
        for (Tile tile : stage.tiles().tiles()) {
          partials.add(task.reduce(tile, pass, known, source, scratch));
        }
        known = known.then(Partial.mergeAll(partials));
      }
      bound.put(stage.global().get(), bind(stage, known, scan));
    }
    throw new IllegalStateException("a staged plan ends with its final stage");
  }

  /**
   * The local op of a statistics stage's global node for its merged statistics.
   *
   * @throws VoxtileException naming the node and the scan when the statistics are undefined
   */
  public static Op bind(Stage stage, Statistics statistics, String scan) {
    String node = stage.global().orElseThrow();
    try {
      return stage.globalOp().bind(statistics);
    } catch (VoxtileException | IllegalArgumentException e) {
      throw new VoxtileException("node '" + node + "' (" + stage.globalOp().name() + ") on scan '" + scan + "': "
          + e.getMessage(), e);
    }
  }

  private Map<String, Volume> stitch(Stage stage, StageTask task, InputSource source, Scratch scratch) {
    Map<String, Volume> outputs = new LinkedHashMap<>();
    for (String out : plan.network().outputs()) {
      NodeShape shape = plan.shapes().get(out);
      outputs.put(out, Volume.zeros(Box.of(shape.extent()), shape.channels()));
    }
    for (Tile tile : stage.tiles().tiles()) {
      for (Map.Entry<String, Volume> part : task.compute(tile, source, scratch).entrySet()) {
        Volume.copyRegion(part.getValue(), outputs.get(part.getKey()), part.getValue().box());
      }
    }
    return outputs;
  }

  /** The network's outputs for one whole input, as one stage would give them: for tests. */
  static Map<String, Volume> whole(Network network, Volume scan) {
    StagedPlan plan = new StagedPlanner(network, scan.extent())
        .plan(StagingOptions.fixed((stage, reference) -> reference, CutChoice.RECOMPUTE));
    return new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "whole");
  }
}
