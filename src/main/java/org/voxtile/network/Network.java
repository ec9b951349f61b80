package org.voxtile.network;

import static org.voxtile.Checks.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;

/**
 * A pipeline as a DAG of bound ops, in topological order. The pipeline's inputs (e.g. t1, t2) enter
 * as one multi-channel map named {@link #SOURCE}, channels in the order of {@link #inputNames()}.
 * Pure: no I/O; shapes come from {@link #shapes(Extent)} for one input extent.
 *
 * <pre>{@code
 * Network net = new Network(List.of("t1", "t2"), List.of(
 *     new Node("c1", conv, List.of(Network.SOURCE)),
 *     new Node("a1", relu, List.of("c1"))), List.of("a1"));
 * Map<String, NodeShape> shapes = net.shapes(Extent.of(181, 217, 181));
 * }</pre>
 */
public final class Network implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Name of the stacked pipeline inputs, as a node input; no pipeline name can take this form. */
  public static final String SOURCE = "@input";

  private final List<String> inputNames;
  private final int sourceChannels;
  private final List<Node> nodes;
  private final List<String> outputs;
  private final Map<String, Node> byName;
  private final Map<String, List<String>> consumers;

  /** A network whose pipeline inputs are one channel each. */
  public Network(List<String> inputNames, List<Node> nodes, List<String> outputs) {
    this(inputNames, inputNames.size(), nodes, outputs);
  }

  /**
   * @param sourceChannels channels of all pipeline inputs together (a 4D input file brings several)
   * @param nodes in topological order: each node reads only {@link #SOURCE} or earlier nodes
   * @throws VoxtileException naming the node when a name is repeated or an input is unknown
   */
  public Network(List<String> inputNames, int sourceChannels, List<Node> nodes, List<String> outputs) {
    checkArgument(!inputNames.isEmpty(), "a network needs at least one input");
    checkArgument(sourceChannels >= inputNames.size(), "%s inputs cannot have %s channels",
        inputNames.size(), sourceChannels);
    checkArgument(!nodes.isEmpty(), "a network needs at least one node");
    checkArgument(!outputs.isEmpty(), "a network needs at least one output");
    this.inputNames = List.copyOf(inputNames);
    this.sourceChannels = sourceChannels;
    this.nodes = List.copyOf(nodes);
    this.outputs = List.copyOf(outputs);
    Map<String, Node> named = new LinkedHashMap<>();
    Map<String, List<String>> readers = new HashMap<>();
    readers.put(SOURCE, new ArrayList<>());
    for (Node node : nodes) {
      if (node.name().equals(SOURCE) || named.containsKey(node.name())) {
        throw new VoxtileException("node '" + node.name() + "': name used twice (or reserved)");
      }
      for (String input : node.inputs()) {
        if (!readers.containsKey(input)) {
          throw new VoxtileException("node '" + node.name() + "': input '" + input
              + "' is neither '" + SOURCE + "' nor an earlier node");
        }
        readers.get(input).add(node.name());
      }
      named.put(node.name(), node);
      readers.put(node.name(), new ArrayList<>());
    }
    for (String output : outputs) {
      if (!named.containsKey(output)) {
        throw new VoxtileException("output '" + output + "' is not a node of the network");
      }
    }
    this.byName = Collections.unmodifiableMap(named);
    Map<String, List<String>> frozen = new HashMap<>();
    readers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    this.consumers = Collections.unmodifiableMap(frozen);
  }

  public List<String> inputNames() {
    return inputNames;
  }

  /** Channels of {@link #SOURCE}: all pipeline inputs' channels, stacked. */
  public int inputChannels() {
    return sourceChannels;
  }

  /** Nodes in topological order. */
  public List<Node> nodes() {
    return nodes;
  }

  public List<String> outputs() {
    return outputs;
  }

  public Node node(String name) {
    Node node = byName.get(name);
    checkArgument(node != null, "no node '%s'", name);
    return node;
  }

  /** The nodes that read {@code name} (a node or {@link #SOURCE}), in topological order. */
  public List<String> consumers(String name) {
    List<String> readers = consumers.get(name);
    checkArgument(readers != null, "no node '%s'", name);
    return readers;
  }

  /** Nodes that some output depends on; the others need never be computed. */
  public Set<String> live() {
    Set<String> live = new HashSet<>(outputs);
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      if (live.contains(node.name())) {
        live.addAll(node.inputs());
      }
    }
    return live;
  }

  /**
   * Shape inference: the global extent and channels of every node (and {@link #SOURCE}) for an
   * input of {@code inputExtent}, in topological order.
   *
   * @throws VoxtileException naming the node whose op does not fit its inputs
   */
  public Map<String, NodeShape> shapes(Extent inputExtent) {
    Map<String, NodeShape> shapes = new LinkedHashMap<>();
    shapes.put(SOURCE, new NodeShape(inputExtent, inputChannels()));
    for (Node node : nodes) {
      int[] channels = new int[node.inputs().size()];
      Extent extent = null;
      for (int i = 0; i < channels.length; i++) {
        NodeShape in = shapes.get(node.inputs().get(i));
        channels[i] = in.channels();
        if (extent != null && !extent.equals(in.extent())) {
          throw new VoxtileException("node '" + node.name() + "' (" + node.op().name()
              + "): inputs have different extents " + extent + " ('" + node.inputs().get(0)
              + "') and " + in.extent() + " ('" + node.inputs().get(i)
              + "'); add a pad or crop node to make them fit");
        }
        extent = in.extent();
      }
      try {
        shapes.put(node.name(), new NodeShape(node.op().outputExtent(extent),
            node.op().outputChannels(channels)));
      } catch (IllegalArgumentException e) {
        throw new VoxtileException("node '" + node.name() + "' (" + node.op().name() + ") on input "
            + extent + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableMap(shapes);
  }
}
