package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.network.weights.Tensor;

/**
 * What {@code voxtile describe} shows for a pipeline on one input extent: per node its output
 * shape, receptive field, effective stride, halo, parameters, MACs and activation memory, and
 * the tile plan with its cost. Pure data, computed once; the command only formats it, and
 * {@code run} can put the same numbers in its report.
 *
 * <pre>{@code
 * NetworkBuilder.Built built = Pipeline.load(pipeline, Optional.empty(), Map.of(), extent);
 * TilePlan plan = new TilePlanner(built.network(), extent).planWithinBudget(512L << 20);
 * Description d = Description.of(built, plan);
 * }</pre>
 *
 * @param inputShape the stacked pipeline inputs: extent and channels
 * @param nodes one row per node, in topological order
 * @param plan the tile plan the numbers of {@link Row#computedVoxels} come from (the final
 *     stage's of a staged plan)
 * @param stages the stages of a staged plan, in order (one, whose tiles are {@code plan}, for a
 *     network without global nodes); empty for a description of a {@link TilePlan} alone
 */
public record Description(NodeShape inputShape, List<Row> nodes, TilePlan plan, List<StageRow> stages) {
  /**
   * One stage of a staged plan: what it computes, what it materialises, reads or recomputes, and
   * its predicted cost.
   *
   * @param statisticsOf the global node whose statistics the stage reduces; empty for the final stage
   * @param passes reduction passes (2 for an exact percentile selection)
   * @param choice the cut's choice for later stages: RECOMPUTE or MATERIALISE (empty for the final stage)
   * @param tiles tiles per pass
   * @param materialises maps written to scratch
   * @param reads maps read from scratch
   * @param recomputes nodes an earlier stage computed too
   * @param macs predicted multiply-accumulates, all passes
   * @param seconds predicted core-seconds: MACs and scratch bytes at the cost model's rates
   */
  public record StageRow(int index, String statisticsOf, int passes, String choice, int tiles,
      List<String> materialises, List<String> reads, List<String> recomputes, long macs, long bytesWritten,
      long bytesRead, double seconds) {
    public StageRow {
      materialises = List.copyOf(materialises);
      reads = List.copyOf(reads);
      recomputes = List.copyOf(recomputes);
    }
  }

  /** A description without stages (of a {@link TilePlan} alone). */
  public Description(NodeShape inputShape, List<Row> nodes, TilePlan plan) {
    this(inputShape, nodes, plan, List.of());
  }
  /**
   * One node.
   *
   * @param params parameters as PyTorch's {@code parameters()} counts them: weights and biases,
   *     built-in kernels included; batch-norm running statistics are buffers, not parameters
   * @param macs multiply-accumulates for the whole output (comparisons for max pooling, adds
   *     for average pooling); FLOPs are about twice this for convolutions
   * @param activationBytes float32 bytes of the node's whole output map
   * @param computedVoxels voxels computed summed over the plan's tiles (0 when no output needs
   *     the node)
   * @param wholeVoxels voxels a whole-volume run computes
   */
  public record Row(String name, String op, List<String> inputs, int channels, Extent outShape,
      ReceptiveField field, long params, long macs, long activationBytes, long computedVoxels,
      long wholeVoxels) {
    public Row {
      inputs = List.copyOf(inputs);
    }

    /** computed / whole voxels: 1.0 is no recomputation, 0 when the node is not computed. */
    public double overhead() {
      return wholeVoxels == 0 ? 0 : (double) computedVoxels / wholeVoxels;
    }
  }

  public Description {
    nodes = List.copyOf(nodes);
    stages = List.copyOf(stages);
  }

  /**
   * The description of a staged plan: node rows as {@link #of(NetworkBuilder.Built, TilePlan)}
   * for the final stage's tiles, and one row per stage (one for a network without global nodes).
   */
  public static Description of(NetworkBuilder.Built built, StagedPlan staged) {
    Description d = of(built, staged.finalStage().tiles());
    List<StageRow> rows = new ArrayList<>();
    for (Stage s : staged.stages()) {
      double seconds = s.macs() / StagedPlanner.MACS_PER_SECOND
          + (s.bytesWritten() + s.bytesRead()) / StagedPlanner.SCRATCH_BYTES_PER_SECOND;
      rows.add(new StageRow(s.index(), s.global().orElse(""), s.passes(),
          s.choice() == null ? "" : s.choice().name(), s.tiles().tiles().size(), sorted(s.writes()),
          s.readMaps(), s.recomputes(), s.macs(), s.bytesWritten(), s.bytesRead(), seconds));
    }
    return new Description(d.inputShape(), d.nodes(), d.plan(), rows);
  }

  private static List<String> sorted(java.util.Set<String> names) {
    return names.stream().sorted().toList();
  }

  /** @throws org.voxtile.VoxtileException if the plan is for another input extent */
  public static Description of(NetworkBuilder.Built built, TilePlan plan) {
    Network network = built.network();
    Map<String, NodeShape> shapes = built.shapes();
    if (!shapes.get(Network.SOURCE).extent().equals(plan.inputExtent())) {
      throw new org.voxtile.VoxtileException("the plan is for input " + plan.inputExtent()
          + ", the network was built for " + shapes.get(Network.SOURCE).extent());
    }
    Map<String, Long> params = parametersPerNode(built.weights());
    List<Row> rows = new ArrayList<>();
    for (Node node : network.nodes()) {
      NodeShape shape = shapes.get(node.name());
      int[] inChannels = node.inputs().stream().mapToInt(i -> shapes.get(i).channels()).toArray();
      rows.add(new Row(node.name(), node.op().name(), node.inputs(), shape.channels(), shape.extent(),
          ReceptiveField.of(network, node.name()), params.getOrDefault(node.name(), 0L),
          node.op().macs(shape.extent(), inChannels), shape.bytes(shape.extent().voxelCount()),
          plan.computedPerNode().getOrDefault(node.name(), 0L),
          plan.wholePerNode().getOrDefault(node.name(), 0L)));
    }
    return new Description(shapes.get(Network.SOURCE), rows, plan);
  }

  /** Tensors are named {@code <node>.<role>}; node names may themselves contain dots. */
  private static Map<String, Long> parametersPerNode(List<Tensor> weights) {
    Map<String, Long> params = new LinkedHashMap<>();
    for (Tensor t : weights) {
      int dot = t.name().lastIndexOf('.');
      String role = t.name().substring(dot + 1);
      if (dot > 0 && !role.startsWith("running_")) {
        params.merge(t.name().substring(0, dot), (long) t.data().length, Long::sum);
      }
    }
    return params;
  }

  public long totalParams() {
    return nodes.stream().mapToLong(Row::params).sum();
  }

  public long totalMacs() {
    return nodes.stream().mapToLong(Row::macs).sum();
  }

  /** The input halo of an interior tile, per side (what the planner reads beyond a tile). */
  public Halo haloPerSide() {
    return plan.inputHalo();
  }
}
