package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.InPlace;
import org.voxtile.volume.Volume;

/**
 * Computes a network on one tile in a single JVM: reads the tile's input box once, computes every
 * node exactly on its needed box (see {@link Regions}), and frees each intermediate map as soon as
 * its last consumer is done. Because every op works in global coordinates and pads only at the
 * border of its global input, the result equals the whole-network result on the same boxes, bit
 * for bit. The Spark tasks and the tests call this same class.
 *
 * <pre>{@code
 * TileRunner runner = new TileRunner(network, network.shapes(inputExtent));
 * Map<String, Volume> out = runner.run(Map.of("out", tileBox), InputSource.of(scan));
 * }</pre>
 */
public final class TileRunner {
  private final Network network;
  private final Map<String, NodeShape> shapes;
  private final Set<String> live;
  private final Set<String> leaves;
  private long lastPeakBytes;

  public TileRunner(Network network, Map<String, NodeShape> shapes) {
    this(network, shapes, Set.of());
  }

  /**
   * A runner that reads the maps named in {@code leaves} from a {@link Scratch} instead of
   * computing them (a later stage of a staged plan that materialised them); the nodes only they
   * need are never computed.
   */
  public TileRunner(Network network, Map<String, NodeShape> shapes, Set<String> leaves) {
    this.network = network;
    this.shapes = shapes;
    this.live = network.live();
    this.leaves = Set.copyOf(leaves);
  }

  /**
   * The requested boxes of the output nodes.
   *
   * @param requested output node name to a box of that node's global output extent
   * @return output node name to a volume whose box is the requested box
   */
  public Map<String, Volume> run(Map<String, Box> requested, InputSource source) {
    return run(requested, source, null);
  }

  /**
   * As {@link #run(Map, InputSource)}, reading this runner's leaves from {@code scratch} (by
   * region, each with the halo its readers need).
   *
   * @param scratch the materialised maps; may be null when the runner has no leaves
   */
  public Map<String, Volume> run(Map<String, Box> requested, InputSource source, Scratch scratch) {
    Map<String, Box> needed = Regions.needed(network, shapes, requested, leaves);
    Map<String, Integer> pendingReads = readers(needed);
    Map<String, Volume> maps = new HashMap<>();
    Box sourceBox = needed.get(Network.SOURCE);
    maps.put(Network.SOURCE, sourceBox == null || sourceBox.isEmpty()
        ? Volume.zeros(emptyAt(sourceBox), network.inputChannels())
        : source.read(sourceBox));
    long peak = bytesOf(maps);
    for (Node node : network.nodes()) {
      Box box = needed.get(node.name());
      if (box == null) {
        continue;
      }
      if (leaves.contains(node.name())) {
        maps.put(node.name(), box.isEmpty() ? Volume.zeros(box, shapes.get(node.name()).channels())
            : scratch.read(node.name(), box));
        peak = Math.max(peak, bytesOf(maps));
        continue;
      }
      List<Volume> inputs = new ArrayList<>(node.inputs().size());
      for (String input : node.inputs()) {
        inputs.add(maps.get(input));
      }
      NodeShape shape = shapes.get(node.name());
      Volume out;
      if (box.isEmpty()) {
        out = Volume.zeros(box, shape.channels());
      } else if (inPlace(node, box, needed, pendingReads, requested)) {
        out = maps.remove(node.inputs().get(0)); // its last reader: the map becomes this node's
        ((InPlace) node.op()).computeInPlace(out);
      } else {
        out = node.op().compute(inputs, box, shapes.get(node.inputs().get(0)).extent());
      }
      maps.put(node.name(), out);
      peak = Math.max(peak, bytesOf(maps));
      for (String input : node.inputs()) {
        release(input, pendingReads, maps, requested);
      }
    }
    lastPeakBytes = peak;
    Map<String, Volume> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, Box> entry : requested.entrySet()) {
      Volume map = maps.get(entry.getKey());
      outputs.put(entry.getKey(),
          map.box().equals(entry.getValue()) ? map : map.crop(entry.getValue()));
    }
    return outputs;
  }

  /**
   * Bytes of the largest set of maps the last {@link #run} held at once, counted from the arrays
   * it actually allocated: the measured counterpart of {@link #peakBytes}.
   */
  public long lastPeakBytes() {
    return lastPeakBytes;
  }

  private static long bytesOf(Map<String, Volume> maps) {
    long bytes = 0;
    for (Volume v : maps.values()) {
      bytes += 4L * v.data().length;
    }
    return bytes;
  }

  /**
   * Whether {@code node} overwrites its input's map: an {@link InPlace} op whose one input (not the
   * scan input, which belongs to the source) has no other reader left, is not a requested output
   * and was computed over exactly this node's box. {@link #run} and {@link #peakBytes} both ask.
   */
  private static boolean inPlace(Node node, Box box, Map<String, Box> needed, Map<String, Integer> pendingReads,
      Map<String, Box> requested) {
    if (!(node.op() instanceof InPlace) || node.inputs().size() != 1) {
      return false;
    }
    String input = node.inputs().get(0);
    return !input.equals(Network.SOURCE) && pendingReads.get(input) == 1 && !requested.containsKey(input)
        && box.equals(needed.get(input));
  }

  /** How many computed nodes read each needed map: its reference count while running. */
  private Map<String, Integer> readers(Map<String, Box> needed) {
    Map<String, Integer> readers = new HashMap<>();
    for (String name : needed.keySet()) {
      int count = 0;
      for (String consumer : network.consumers(name)) {
        if (live.contains(consumer) && needed.containsKey(consumer)) {
          count++;
        }
      }
      readers.put(name, count);
    }
    return readers;
  }

  private static void release(
      String name, Map<String, Integer> pendingReads, Map<String, Volume> maps, Map<String, Box> keep) {
    int left = pendingReads.merge(name, -1, Integer::sum);
    if (left == 0 && !keep.containsKey(name)) {
      maps.remove(name);
    }
  }

  private static Box emptyAt(Box box) {
    return box == null ? Box.of(0, 0, 0, 0, 0, 0) : box;
  }

  /**
   * Bytes of the largest set of maps alive at once while computing {@code requested}, in this
   * runner's order (the input box, each node's output, freed after its last reader). Ops' own
   * scratch buffers are not counted.
   */
  public long peakBytes(Map<String, Box> requested) {
    Map<String, Box> needed = Regions.needed(network, shapes, requested, leaves);
    Map<String, Integer> pendingReads = readers(needed);
    Map<String, Long> alive = new HashMap<>();
    Box sourceBox = needed.get(Network.SOURCE);
    long current = sourceBox == null ? 0 : shapes.get(Network.SOURCE).bytes(sourceBox.voxelCount());
    alive.put(Network.SOURCE, current);
    long peak = current;
    for (Node node : network.nodes()) {
      Box box = needed.get(node.name());
      if (box == null) {
        continue;
      }
      long bytes = shapes.get(node.name()).bytes(box.voxelCount());
      if (leaves.contains(node.name())) {
        current += bytes;
        alive.put(node.name(), bytes);
        peak = Math.max(peak, current);
        continue;
      }
      if (!box.isEmpty() && inPlace(node, box, needed, pendingReads, requested)) {
        current -= alive.remove(node.inputs().get(0)); // the input's map becomes this node's
      }
      current += bytes;
      alive.put(node.name(), bytes);
      peak = Math.max(peak, current);
      for (String input : node.inputs()) {
        int left = pendingReads.merge(input, -1, Integer::sum);
        Long freed = left == 0 && !requested.containsKey(input) ? alive.remove(input) : null;
        if (freed != null) { // null: already handed over in place
          current -= freed;
        }
      }
    }
    return peak;
  }

  /**
   * Tiles compute every node from a halo only; an op whose voxels depend on its whole input map
   * would give each tile a different answer, so no tile size makes such a network exact.
   */
  static void requireLocal(Network network) {
    Set<String> live = network.live();
    for (Node node : network.nodes()) {
      if (live.contains(node.name()) && !node.op().isLocal()) {
        throw new VoxtileException("node '" + node.name() + "' (" + node.op().name()
            + ") cannot be tiled exactly: " + node.op().describeNonLocality()
            + "; each tile would see only part of its input, so tiled results would differ from"
            + " the whole-volume result");
      }
    }
  }
}
