package org.voxtile.tiling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voxtile.ByteSize;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GlobalOp;

/**
 * Cuts a network at every global node ({@link GlobalOp}) into a {@link StagedPlan}. Stage i
 * computes the input maps of the i-th global node (topological order) from the scan, with the
 * earlier global nodes bound, and reduces them; the final stage computes the outputs. At each cut
 * the maps that cross it (read by a node beyond it: the global node's inputs, a skip) are either
 * recomputed by each later stage that needs them, or materialised: written to {@link Scratch} by
 * the cut's stage and read by later stages with their halo.
 *
 * <p><b>Cost model</b> (per cut, in order; {@link CutChoice#AUTO}): recomputing costs the MACs
 * of the cut's maps that later stages would compute again, at {@value #MACS_PER_SECOND}
 * MAC/s; materialising costs the bytes written plus the bytes later stages read, at
 * {@value #SCRATCH_BYTES_PER_SECOND} B/s. The cheaper wins, provided the bytes written fit what is
 * left of the scratch budget. The memory per task enters through each stage's tile size: a stage
 * that reads materialised maps holds fewer maps per tile, so it gets larger tiles and less halo.
 *
 * <pre>{@code
 * StagedPlan plan = new StagedPlanner(network, extent).plan(StagingOptions.withinBudget(512L << 20, 4, 8L << 30));
 * }</pre>
 */
public final class StagedPlanner {
  /** Sustained multiply-accumulates per second of one core on the vectorised convolutions. */
  public static final double MACS_PER_SECOND = 2e9;

  /** Scratch bytes per second one task writes or reads (shared storage, uncompressed floats). */
  public static final double SCRATCH_BYTES_PER_SECOND = 2e8;

  private final Network network;
  private final Extent inputExtent;
  private final Map<String, NodeShape> shapes;
  private final List<String> globals = new ArrayList<>();

  /** @throws org.voxtile.VoxtileException naming the node when the network does not fit the input */
  public StagedPlanner(Network network, Extent inputExtent) {
    this.network = network;
    this.inputExtent = inputExtent;
    this.shapes = network.shapes(inputExtent);
    Set<String> live = network.live();
    for (Node node : network.nodes()) {
      if (live.contains(node.name()) && node.op() instanceof GlobalOp) {
        globals.add(node.name());
      }
    }
  }

  /** The live global nodes, in the order their stages run. */
  public List<String> globalNodes() {
    return List.copyOf(globals);
  }

  public StagedPlan plan(StagingOptions options) {
    List<Stage> stages = new ArrayList<>();
    if (globals.isEmpty()) {
      TilePlan tiles = tiles(new TilePlanner(network, inputExtent), 0, network, options);
      stages.add(new Stage(0, Optional.empty(), network, Set.of(), Set.of(), null, tiles, List.of(),
          macs(tiles, Set.of()), 0, 0));
      return new StagedPlan(network, inputExtent, shapes, stages);
    }
    Set<String> leaves = new LinkedHashSet<>();
    Set<String> computedBefore = new HashSet<>();
    long scratchLeft = options.scratchBudget();
    for (int i = 0; i < globals.size(); i++) {
      String g = globals.get(i);
      Set<String> cut = ancestors(network.node(g).inputs());
      Set<String> frontier = frontier(cut);
      frontier.removeAll(leaves);
      CutChoice choice = choose(i, cut, frontier, leaves, options.choice(), scratchLeft);
      Set<String> writes = choice == CutChoice.MATERIALISE ? frontier : Set.of();
      Network template = statisticsTemplate(g, cut, writes);
      TilePlan tiles = tiles(new TilePlanner(template, inputExtent, leaves), i, template, options);
      int passes = ((GlobalOp) network.node(g).op()).passes();
      boolean inputsStored = choice == CutChoice.MATERIALISE;
      long inputBytes = bytesOf(new HashSet<>(network.node(g).inputs()));
      long written = bytesOf(writes);
      long read = readBytes(tiles, leaves) * (inputsStored ? 1 : passes) + (inputsStored ? (passes - 1) * inputBytes : 0);
      long macs = macs(tiles, leaves) * (inputsStored ? 1 : passes);
      stages.add(new Stage(i, Optional.of(g), template, leaves, writes, choice, tiles,
          recomputed(tiles, leaves, computedBefore), macs, written, read));
      computedBefore.addAll(computedNodes(tiles, leaves));
      computedBefore.remove(g); // its stacked inputs, not the node the final stage computes
      scratchLeft -= written;
      leaves.addAll(writes);
    }
    Network template = finalTemplate();
    TilePlan tiles = tiles(new TilePlanner(template, inputExtent, leaves), globals.size(), template, options);
    stages.add(new Stage(globals.size(), Optional.empty(), template, leaves, Set.of(), null, tiles,
        recomputed(tiles, leaves, computedBefore), macs(tiles, leaves), 0, readBytes(tiles, leaves)));
    StagedPlan plan = new StagedPlan(network, inputExtent, shapes, stages);
    // the cost model keeps within the budget by itself; a forced choice must be refused
    if (plan.bytesWritten() > options.scratchBudget()) {
      throw new VoxtileException("--cuts " + options.choice().name().toLowerCase(java.util.Locale.ROOT) + " writes "
          + ByteSize.format(plan.bytesWritten()) + " of materialised maps per scan, more than --scratch-budget "
          + ByteSize.format(options.scratchBudget()) + "; raise --scratch-budget or use --cuts auto");
    }
    return plan;
  }

  private TilePlan tiles(TilePlanner planner, int stage, Network template, StagingOptions options) {
    if (options.tiles() != null) {
      Extent reference = shapes.get(template.outputs().get(0)).extent();
      return planner.plan(options.tiles().tileFor(stage, reference));
    }
    return planner.planWithinBudget(options.bytesPerTask(), options.slots());
  }

  /**
   * The cheaper choice for cut {@code i} (or the forced one): recomputing the cut's maps in every
   * later stage that needs them against writing the frontier once and reading it back.
   */
  private CutChoice choose(int i, Set<String> cut, Set<String> frontier, Set<String> leaves, CutChoice forced,
      long scratchLeft) {
    if (forced != CutChoice.AUTO) {
      return forced;
    }
    long written = bytesOf(frontier);
    if (frontier.isEmpty() || written > scratchLeft) {
      return CutChoice.RECOMPUTE;
    }
    Set<String> withFrontier = new HashSet<>(leaves);
    withFrontier.addAll(frontier);
    double recomputedMacs = 0;
    double readBack = 0;
    for (int j = i + 1; j <= globals.size(); j++) {
      List<String> targets = j < globals.size() ? network.node(globals.get(j)).inputs() : network.outputs();
      for (String n : reach(targets, leaves)) {
        if (cut.contains(n) && !leaves.contains(n)) {
          recomputedMacs += wholeMacs(n);
        }
      }
      for (String n : reach(targets, withFrontier)) {
        if (frontier.contains(n)) {
          readBack += shapes.get(n).bytes(shapes.get(n).extent().voxelCount());
        }
      }
    }
    double recompute = recomputedMacs / MACS_PER_SECOND;
    double materialise = (written + readBack) / SCRATCH_BYTES_PER_SECOND;
    return materialise < recompute ? CutChoice.MATERIALISE : CutChoice.RECOMPUTE;
  }

  /** Nodes (not the source) that {@code targets} depend on, stopping at {@code leaves}. */
  private Set<String> reach(List<String> targets, Set<String> leaves) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(targets);
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (n.equals(Network.SOURCE) || !seen.add(n) || leaves.contains(n)) {
        continue;
      }
      todo.addAll(network.node(n).inputs());
    }
    return seen;
  }

  /** {@code inputs} and every node they depend on (not the source). */
  private Set<String> ancestors(List<String> inputs) {
    return reach(inputs, Set.of());
  }

  /** The nodes of {@code cut} that a live node outside it reads: what crosses the cut. */
  private Set<String> frontier(Set<String> cut) {
    Set<String> live = network.live();
    Set<String> frontier = new LinkedHashSet<>();
    for (Node node : network.nodes()) {
      if (!cut.contains(node.name())) {
        continue;
      }
      for (String consumer : network.consumers(node.name())) {
        if (live.contains(consumer) && !cut.contains(consumer)) {
          frontier.add(node.name());
        }
      }
    }
    return frontier;
  }

  /** The cut's nodes (earlier global ones as stand-ins), then the stacked inputs of {@code g}. */
  private Network statisticsTemplate(String g, Set<String> cut, Set<String> writes) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : network.nodes()) {
      if (cut.contains(node.name())) {
        nodes.add(standIn(node));
      }
    }
    Node global = network.node(g);
    nodes.add(new Node(g, new StatisticsInput((GlobalOp) global.op()), global.inputs()));
    List<String> outputs = new ArrayList<>(List.of(g));
    for (Node node : network.nodes()) {
      if (writes.contains(node.name())) {
        outputs.add(node.name());
      }
    }
    return new Network(network.inputNames(), network.inputChannels(), nodes, outputs);
  }

  private Network finalTemplate() {
    Set<String> live = network.live();
    List<Node> nodes = new ArrayList<>();
    for (Node node : network.nodes()) {
      if (live.contains(node.name())) {
        nodes.add(standIn(node));
      }
    }
    return new Network(network.inputNames(), network.inputChannels(), nodes, network.outputs());
  }

  private static Node standIn(Node node) {
    return node.op() instanceof GlobalOp g ? new Node(node.name(), new StandIn(g), node.inputs()) : node;
  }

  private long wholeMacs(String node) {
    Node n = network.node(node);
    int[] in = n.inputs().stream().mapToInt(i -> shapes.get(i).channels()).toArray();
    return n.op().macs(shapes.get(node).extent(), in);
  }

  /** MACs of a stage's tiles: each computed node's voxels times its MACs per voxel. */
  private long macs(TilePlan tiles, Set<String> leaves) {
    double macs = 0;
    for (String n : computedNodes(tiles, leaves)) {
      long voxels = shapes.get(n).extent().voxelCount();
      if (voxels > 0) {
        macs += (double) wholeMacs(n) / voxels * tiles.computedPerNode().get(n);
      }
    }
    return (long) macs;
  }

  private static Set<String> computedNodes(TilePlan tiles, Set<String> leaves) {
    Set<String> computed = new HashSet<>(tiles.computedPerNode().keySet());
    computed.remove(Network.SOURCE);
    computed.removeAll(leaves);
    return computed;
  }

  private List<String> recomputed(TilePlan tiles, Set<String> leaves, Set<String> before) {
    List<String> again = new ArrayList<>();
    for (Node node : network.nodes()) {
      if (before.contains(node.name()) && computedNodes(tiles, leaves).contains(node.name())) {
        again.add(node.name());
      }
    }
    return again;
  }

  /** Scratch bytes a stage's tiles read: the leaves' voxels they need, halos included. */
  private long readBytes(TilePlan tiles, Set<String> leaves) {
    long bytes = 0;
    for (String leaf : leaves) {
      Long voxels = tiles.computedPerNode().get(leaf);
      if (voxels != null) {
        bytes += shapes.get(leaf).bytes(voxels);
      }
    }
    return bytes;
  }

  private long bytesOf(Set<String> maps) {
    long bytes = 0;
    for (String m : maps) {
      if (!m.equals(Network.SOURCE)) {
        bytes += shapes.get(m).bytes(shapes.get(m).extent().voxelCount());
      }
    }
    return bytes;
  }
}
