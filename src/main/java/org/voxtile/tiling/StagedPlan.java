package org.voxtile.tiling;

import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;

/**
 * A network's run on one input extent as a sequence of {@link Stage}s: one per global node, in
 * topological order, each returning that node's exact statistics, and a final stage computing
 * the outputs. A network without global nodes has exactly one stage, whose network and tiles are
 * those of {@link TilePlanner} alone.
 *
 * <pre>{@code
 * StagedPlan plan = new StagedPlanner(network, extent).plan(StagingOptions.withinBudget(512L << 20, 4, 8L << 30));
 * Map<String, Volume> out = new StagedRunner(plan).run(source, new InMemoryScratch(), "scan-1");
 * }</pre>
 *
 * @param network the network planned, global ops unbound
 * @param inputExtent the pipeline input's extent
 * @param shapes every map's shape for that extent
 * @param stages statistics stages first, the final stage last
 */
public record StagedPlan(Network network, Extent inputExtent, Map<String, NodeShape> shapes, List<Stage> stages) {
  public StagedPlan {
    shapes = Map.copyOf(shapes);
    stages = List.copyOf(stages);
  }

  /** The stage computing the outputs. */
  public Stage finalStage() {
    return stages.get(stages.size() - 1);
  }

  public long bytesWritten() {
    return stages.stream().mapToLong(Stage::bytesWritten).sum();
  }

  public long bytesRead() {
    return stages.stream().mapToLong(Stage::bytesRead).sum();
  }

  public long macs() {
    return stages.stream().mapToLong(Stage::macs).sum();
  }
}
