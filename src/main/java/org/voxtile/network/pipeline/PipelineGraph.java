package org.voxtile.network.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The DAG of a {@link PipelineSpec}: edges run from a node's inputs to the node. Built only from
 * a structurally valid spec: names unique across nodes and inputs, every reference (node inputs,
 * {@code outputs}, {@code features.from}) known, no cycle. A node may name a node further down
 * the file as its input; only cycles are errors.
 *
 * <pre>{@code
 * PipelineGraph graph = spec.graph();
 * for (NodeSpec node : graph.topologicalOrder()) { ... }   // every node after its inputs
 * }</pre>
 */
public final class PipelineGraph {
  private final PipelineSpec spec;
  private final List<NodeSpec> order;
  private final Map<String, List<String>> consumers;

  private PipelineGraph(PipelineSpec spec, List<NodeSpec> order, Map<String, List<String>> consumers) {
    this.spec = spec;
    this.order = order;
    this.consumers = consumers;
  }

  /**
   * Validates the structure of {@code spec} and builds its graph.
   *
   * @throws PipelineException naming the file and node on: a duplicate node name, a node named
   *     like a pipeline input, an input naming no node or pipeline input, a cycle, an output
   *     naming no node, {@code features.from} naming no node
   */
  static PipelineGraph of(PipelineSpec spec) {
    String source = spec.source();
    Map<String, NodeSpec> byName = new LinkedHashMap<>();
    for (NodeSpec node : spec.nodes()) {
      if (spec.isInput(node.name())) {
        throw PipelineException.atNode(node.args().source(), node.name(), "name collides with the pipeline input '"
            + node.name() + "'");
      }
      if (byName.put(node.name(), node) != null) {
        throw PipelineException.atNode(node.args().source(), node.name(), "duplicate node name");
      }
    }
    List<String> known = new ArrayList<>(spec.inputs());
    known.addAll(byName.keySet());
    for (NodeSpec node : spec.nodes()) {
      for (String input : node.inputs()) {
        if (!byName.containsKey(input) && !spec.isInput(input)) {
          throw PipelineException.atNode(node.args().source(), node.name(), "inputs: '" + input
              + "' is neither a node nor a pipeline input" + Spelling.suggestion(input, known));
        }
      }
    }
    for (String output : spec.outputs()) {
      checkNode(spec, byName, output, "outputs");
    }
    if (spec.features().isPresent()) {
      checkNode(spec, byName, spec.features().get().from(), "features.from");
    }
    Map<String, List<String>> consumers = new HashMap<>();
    for (String name : known) {
      consumers.put(name, new ArrayList<>());
    }
    List<NodeSpec> order = sort(spec, byName, consumers);
    Map<String, List<String>> frozen = new HashMap<>();
    consumers.forEach((name, list) -> frozen.put(name, List.copyOf(new LinkedHashSet<>(list))));
    return new PipelineGraph(spec, List.copyOf(order), Collections.unmodifiableMap(frozen));
  }

  /** The spec this graph was built from. */
  public PipelineSpec spec() {
    return spec;
  }

  /**
   * Every node after all its inputs. Among nodes ready at the same time, file order decides, so a
   * file without forward references is run in file order.
   */
  public List<NodeSpec> topologicalOrder() {
    return order;
  }

  /**
   * The nodes reading {@code name} (a node or a pipeline input), each once, in topological order.
   *
   * @throws PipelineException if {@code name} is neither a node nor an input
   */
  public List<String> consumers(String name) {
    List<String> list = consumers.get(name);
    if (list == null) {
      throw PipelineException.atFile(spec.source(), "no node or input named '" + name + "'");
    }
    return list;
  }

  /**
   * Nodes whose output reaches neither an {@code outputs} node nor {@code features.from}: they
   * would be computed for nothing, and callers may warn about them. In file order.
   */
  public List<String> unusedNodes() {
    Set<String> needed = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(spec.outputs());
    spec.features().ifPresent(features -> pending.add(features.from()));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (needed.add(name) && !spec.isInput(name)) {
        pending.addAll(spec.node(name).inputs());
      }
    }
    return spec.nodes().stream().map(NodeSpec::name).filter(name -> !needed.contains(name)).toList();
  }

  private static void checkNode(PipelineSpec spec, Map<String, NodeSpec> byName, String name, String key) {
    if (!byName.containsKey(name)) {
      throw notANode(spec.source(), key, name, spec.isInput(name), byName.keySet());
    }
  }

  /** {@code "<location>: <key>: 'x' is not a node"}, with a suggestion or the input it names. */
  static PipelineException notANode(String location, String key, String name, boolean isInput,
      Collection<String> nodes) {
    return PipelineException.atFile(location, key + ": '" + name + "' is not a node"
        + (isInput ? " but a pipeline input" : Spelling.suggestion(name, nodes)));
  }

  /** Kahn's algorithm, ties broken by file position; fills {@code consumers}; reports one cycle. */
  private static List<NodeSpec> sort(PipelineSpec spec, Map<String, NodeSpec> byName,
      Map<String, List<String>> consumers) {
    Map<String, Integer> position = new HashMap<>();
    Map<String, Integer> waitingOn = new HashMap<>();
    for (NodeSpec node : spec.nodes()) {
      position.put(node.name(), position.size());
      Set<String> producers = new HashSet<>();
      for (String input : node.inputs()) {
        consumers.get(input).add(node.name());
        if (byName.containsKey(input)) {
          producers.add(input);
        }
      }
      waitingOn.put(node.name(), producers.size());
    }
    PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> position.get(a) - position.get(b));
    waitingOn.forEach((name, count) -> {
      if (count == 0) {
        ready.add(name);
      }
    });
    List<NodeSpec> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      NodeSpec node = byName.get(ready.poll());
      order.add(node);
      for (String consumer : new LinkedHashSet<>(consumers.get(node.name()))) {
        if (waitingOn.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (order.size() < byName.size()) {
      List<String> cycle = findCycle(spec, byName, waitingOn);
      throw PipelineException.atNode(byName.get(cycle.get(0)).args().source(), cycle.get(0), "inputs form a cycle: "
          + String.join(" -> ", cycle));
    }
    Map<String, Integer> rank = new HashMap<>();
    for (NodeSpec node : order) {
      rank.put(node.name(), rank.size());
    }
    for (List<String> list : consumers.values()) {
      list.sort((a, b) -> rank.get(a) - rank.get(b));
    }
    return order;
  }

  /**
   * One cycle among the nodes Kahn's algorithm could not order, as "a -> b -> ... -> a" where each
   * arrow reads "feeds". Walking producers from a stuck node must revisit a node: every stuck node
   * has a stuck producer.
   */
  private static List<String> findCycle(PipelineSpec spec, Map<String, NodeSpec> byName,
      Map<String, Integer> waitingOn) {
    String start = spec.nodes().stream().map(NodeSpec::name)
        .filter(name -> waitingOn.get(name) > 0).findFirst().orElseThrow();
    List<String> path = new ArrayList<>();
    String current = start;
    while (!path.contains(current)) {
      path.add(current);
      current = byName.get(current).inputs().stream()
          .filter(input -> byName.containsKey(input) && waitingOn.get(input) > 0)
          .findFirst().orElseThrow();
    }
    // path runs consumer -> producer; the cycle is its tail from `current`, reversed to read "feeds"
    List<String> ring = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
    Collections.reverse(ring);
    // start at the node that comes first in the file, and close the ring
    int first = 0;
    for (int i = 1; i < ring.size(); i++) {
      if (spec.nodes().indexOf(byName.get(ring.get(i))) < spec.nodes().indexOf(byName.get(ring.get(first)))) {
        first = i;
      }
    }
    List<String> cycle = new ArrayList<>(ring.subList(first, ring.size()));
    cycle.addAll(ring.subList(0, first));
    cycle.add(cycle.get(0));
    return cycle;
  }
}
