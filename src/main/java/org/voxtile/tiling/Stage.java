package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.voxtile.VoxtileException;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.GlobalOp;
import org.voxtile.ops.Op;

/**
 * One stage of a {@link StagedPlan}: a pass of tiles over one map grid. A statistics stage
 * computes, tile by tile, the input maps of one global node (stacked as channels, under the
 * global node's own name) and returns partial reductions of them, {@link #passes()} times; the
 * final stage computes the outputs. Earlier global nodes appear in {@link #template()} as
 * stand-ins with the right shapes; {@link #network(Map)} puts in the bound ops.
 *
 * @param index 0-based position in the plan
 * @param global the global node whose statistics this stage computes; empty for the final stage
 * @param template the stage's network with stand-ins for earlier global nodes; its first output
 *     is the reference the tiles are cut from
 * @param reads maps this stage reads from scratch instead of computing
 * @param writes maps this stage's tiles write to scratch (on pass 0)
 * @param choice what this cut chose for later stages (null for the final stage)
 * @param tiles the tiles and their cost
 * @param recomputes nodes this stage computes that an earlier stage computed too
 * @param macs predicted multiply-accumulates of all passes of all tiles
 * @param bytesWritten predicted scratch bytes written
 * @param bytesRead predicted scratch bytes read (all passes, halos included)
 */
public record Stage(int index, Optional<String> global, Network template, Set<String> reads, Set<String> writes,
    CutChoice choice, TilePlan tiles, List<String> recomputes, long macs, long bytesWritten, long bytesRead) {
  public Stage {
    reads = Set.copyOf(reads);
    writes = Set.copyOf(writes);
    recomputes = List.copyOf(recomputes);
  }

  /**
   * The maps from scratch this stage's tiles actually read, sorted: {@link #reads()} less those
   * no node of this stage needs (a skip the stage does not reach).
   */
  public java.util.List<String> readMaps() {
    return reads.stream().filter(m -> tiles.computedPerNode().getOrDefault(m, 0L) > 0).sorted().toList();
  }

  public boolean isFinal() {
    return global.isEmpty();
  }

  /** Reduction passes of a statistics stage; 1 for the final stage (one pass of tiles). */
  public int passes() {
    return global.map(g -> globalOp().passes()).orElse(1);
  }

  /** The global op this stage computes statistics for. */
  public GlobalOp globalOp() {
    return global.map(g -> globalOpOf(template, g)).orElseThrow(
        () -> new IllegalStateException("the final stage has no global op"));
  }

  private static GlobalOp globalOpOf(Network template, String name) {
    return ((StatisticsInput) template.node(name).op()).global();
  }

  /**
   * The stage's network with every earlier global node bound.
   *
   * @param bound the local op of each earlier global node ({@link GlobalOp#bind})
   * @throws VoxtileException when an earlier global node is not bound yet
   */
  public Network network(Map<String, Op> bound) {
    List<Node> nodes = new ArrayList<>();
    for (Node node : template.nodes()) {
      if (node.op() instanceof StandIn) {
        Op op = bound.get(node.name());
        if (op == null) {
          throw new VoxtileException("stage " + index + " needs the statistics of '" + node.name() + "' first");
        }
        nodes.add(new Node(node.name(), op, node.inputs()));
      } else {
        nodes.add(node);
      }
    }
    return new Network(template.inputNames(), template.inputChannels(), nodes, template.outputs());
  }
}
