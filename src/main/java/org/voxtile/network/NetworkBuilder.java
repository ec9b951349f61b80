package org.voxtile.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.network.pipeline.PipelineGraph;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.weights.Tensor;
import org.voxtile.network.weights.Weights;
import org.voxtile.network.weights.WeightsException;
import org.voxtile.ops.ChannelSlice;
import org.voxtile.ops.Op;
import org.voxtile.ops.Regridding;
import org.voxtile.volume.Grid;

/**
 * Binds a parsed pipeline to ops and weights for one input: the driver's whole validation, run
 * before any work starts. Every unknown key, impossible argument, missing, unused or misshapen
 * weight, and shape that does not fit is reported here with the node's name.
 *
 * <pre>{@code
 * PipelineSpec spec = Pipeline.read(Path.of("conf/unet.yaml"));
 * NetworkBuilder.Built built = NetworkBuilder.build(spec, Optional.empty(),
 *     Map.of("t1", 1, "t2", 1), Extent.of(181, 217, 181));
 * }</pre>
 */
public final class NetworkBuilder {
  private NetworkBuilder() {}

  /**
   * @param spec the pipeline
   * @param network its DAG of bound ops; named pipeline inputs that nodes read one by one become
   *     channel-slice nodes of the same name
   * @param shapes every map's extent and channels for the input extent built for
   * @param weights every weight tensor the ops use, in (x, y, z) order (for --save-weights)
   * @param missingWeights the tensors neither the weights file nor {@code init} gives, e.g.
   *     {@code c1.weight}; always empty from {@link #build}, which refuses them
   */
  public record Built(PipelineSpec spec, Network network, Map<String, NodeShape> shapes, List<Tensor> weights,
      List<String> missingWeights) {
    /** The weights in the pipeline's own axes order, as a weights file for it must hold them. */
    public List<Tensor> weightsAsStored() {
      return weights.stream().map(t -> t.toStored(spec.axes())).toList();
    }
  }

  /** Where a pipeline input's channels sit in the stacked source: from {@code start}, {@code channels} of them. */
  private record InputSlice(int start, int channels) {}

  /**
   * Builds a pipeline to run: every weight must come from the file or {@code init}. The file's
   * own errors (unknown keys, impossible values, shapes that do not fit) of every node are
   * reported before a missing weight.
   *
   * @param weights the weights file (the pipeline's own {@code weights:} or --weights), if any
   * @param channelsPerInput channels of each pipeline input file (1 for a 3D file)
   * @param inputExtent spatial extent of the inputs
   * @throws PipelineException or WeightsException naming the node
   */
  public static Built build(PipelineSpec spec, Optional<Weights> weights, Map<String, Integer> channelsPerInput,
      Extent inputExtent) {
    return build(spec, weights, channelsPerInput, Grid.of(inputExtent), false);
  }

  /**
   * As {@link #build(PipelineSpec, Optional, Map, Extent)} for inputs on {@code inputGrid}: the
   * grid that {@code reorient} and {@code resample} start from.
   */
  public static Built build(PipelineSpec spec, Optional<Weights> weights, Map<String, Integer> channelsPerInput,
      Grid inputGrid) {
    return build(spec, weights, channelsPerInput, inputGrid, false);
  }

  /**
   * Builds a pipeline to describe: as {@link #build}, but a tensor that neither the file nor
   * {@code init} gives reads as zeros and is listed in {@link Built#missingWeights()}, since
   * shapes, receptive fields and MACs need no weights.
   *
   * @throws PipelineException or WeightsException (a misshapen or unused tensor) naming the node
   */
  public static Built buildAllowingMissingWeights(PipelineSpec spec, Optional<Weights> weights,
      Map<String, Integer> channelsPerInput, Extent inputExtent) {
    return build(spec, weights, channelsPerInput, Grid.of(inputExtent), true);
  }

  private static Built build(PipelineSpec spec, Optional<Weights> weights, Map<String, Integer> channelsPerInput,
      Grid inputGrid, boolean allowMissing) {
    Extent inputExtent = inputGrid.extent();
    PipelineGraph graph = spec.graph();
    NodeWeights nodeWeights = new NodeWeights(weights.map(w -> w.binder(spec.axes())).orElse(null));
    Map<String, NodeShape> shapes = new LinkedHashMap<>();
    Map<String, InputSlice> inputSlices = new HashMap<>();
    int sourceChannels = 0;
    for (String input : spec.inputs()) {
      int channels = channelsPerInput.getOrDefault(input, 1);
      inputSlices.put(input, new InputSlice(sourceChannels, channels));
      sourceChannels += channels;
    }
    shapes.put(Network.SOURCE, new NodeShape(inputExtent, sourceChannels));
    Map<String, Grid> grids = new HashMap<>();
    grids.put(Network.SOURCE, inputGrid);
    spec.inputs().forEach(input -> grids.put(input, inputGrid));
    List<Node> nodes = new ArrayList<>();
    for (NodeSpec node : graph.topologicalOrder()) {
      List<String> inputs = resolveInputs(spec, node, inputSlices, nodes, shapes);
      int[] channels = new int[inputs.size()];
      Extent extent = null;
      for (int i = 0; i < inputs.size(); i++) {
        NodeShape in = shapes.get(inputs.get(i));
        channels[i] = in.channels();
        if (extent != null && !extent.equals(in.extent())) {
          if (node.inputs().get(i).equals(node.args().values().get("mask"))) {
            // normalize's mask is its second input: name the key the user wrote, not just the input
            throw node.args().error("mask", "'" + node.inputs().get(i) + "' is " + in.extent() + " but the map '"
                + node.inputs().get(0) + "' it masks is " + extent + " (for input " + inputExtent
                + "); a mask needs the map's extent: add a pad or crop node to make them fit");
          }
          throw PipelineException.atNode(node.args().source(), node.name(), node.op() + " needs equal extents, but '"
              + node.inputs().get(0) + "' is " + extent + " and '" + node.inputs().get(i) + "' is "
              + in.extent() + " (for input " + inputExtent + "); add a pad or crop node to make them fit");
        }
        extent = in.extent();
      }
      Op op;
      NodeShape shape;
      try {
        op = new OpFactory(node, nodeWeights, channels, extent, grids.get(inputs.get(0))).create();
        shape = new NodeShape(op.outputExtent(extent), op.outputChannels(channels));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw PipelineException.atNode(node.args().source(), node.name(), node.op() + " does not fit its input "
            + extent + " x " + channels[0] + " channels (for pipeline input " + inputExtent + "): " + e.getMessage());
      }
      checkMapSize(node, shape);
      shapes.put(node.name(), shape);
      nodes.add(new Node(node.name(), op, inputs));
      Grid grid = op instanceof Regridding r ? r.outputGrid()
          : keepsGrid(op, extent) ? grids.get(inputs.get(0)) : null;
      if (grid != null) {
        grids.put(node.name(), grid);
      }
    }
    List<NodeWeights.Missing> missing = nodeWeights.missing();
    if (!missing.isEmpty() && !allowMissing) {
      throw new WeightsException(missing.get(0).message());
    }
    nodeWeights.finish();
    List<String> outputs = new ArrayList<>(spec.outputs());
    spec.features().ifPresent(f -> {
      if (!outputs.contains(f.from())) {
        outputs.add(f.from());
      }
    });
    Network network = new Network(spec.inputs(), sourceChannels, nodes, outputs);
    return new Built(spec, network, shapes, nodeWeights.used(),
        missing.stream().map(NodeWeights.Missing::tensor).toList());
  }

  /**
   * Largest map (voxels times channels) a node may produce: 2^46, a scan of 2^40 voxels (the most
   * one input may hold, ReadLimits) with 64 channels, 256 TiB of float32. Bytes (2^48) and the MACs
   * of any kernel below 2^17 taps per output voxel stay within 64 bits, and an absurd upsampling or
   * output_size is still reported by name.
   */
  public static final long MAX_MAP_VOXELS = 1L << 46;

  private static void checkMapSize(NodeSpec node, NodeShape shape) {
    Extent e = shape.extent();
    double voxels = (double) e.x() * e.y() * e.z() * shape.channels();
    if (voxels > MAX_MAP_VOXELS) {
      throw PipelineException.atNode(node.args().source(), node.name(), node.op() + " output " + e + " x "
          + shape.channels() + " channels is larger than the " + MAX_MAP_VOXELS + " voxels one map may have");
    }
  }

  /**
   * Whether {@code op}'s region map is the identity on an input of {@code extent} (activations,
   * 1x1x1 convolutions, normalisation, mask): its output is on its input's grid.
   */
  private static boolean keepsGrid(Op op, Extent extent) {
    Box whole = Box.of(extent);
    Box corner = Box.of(Index3.ORIGIN, Extent.cube(1));
    return op.outputExtent(extent).equals(extent) && op.requiredInput(whole).equals(whole)
        && op.requiredInput(corner).equals(corner);
  }

  /**
   * A node's inputs as network names: all pipeline inputs in order are the stacked source; a
   * pipeline input named on its own is a channel slice of the source, added once.
   */
  private static List<String> resolveInputs(PipelineSpec spec, NodeSpec node, Map<String, InputSlice> inputSlices,
      List<Node> nodes, Map<String, NodeShape> shapes) {
    // mask reads a map and a mask, never them stacked: [t1, brain] of a pipeline of inputs [t1, brain] stays two
    if (node.inputs().equals(spec.inputs()) && !node.op().equals("mask")) {
      return List.of(Network.SOURCE);
    }
    List<String> resolved = new ArrayList<>();
    for (String input : node.inputs()) {
      if (spec.isInput(input) && !shapes.containsKey(input)) {
        InputSlice slice = inputSlices.get(input);
        nodes.add(new Node(input, new ChannelSlice(slice.start(), slice.channels()), List.of(Network.SOURCE)));
        shapes.put(input, new NodeShape(shapes.get(Network.SOURCE).extent(), slice.channels()));
      }
      resolved.add(input);
    }
    return resolved;
  }
}
