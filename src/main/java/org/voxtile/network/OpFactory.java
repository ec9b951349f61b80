package org.voxtile.network;

import java.util.Arrays;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.ArgReader;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.network.pipeline.Triple;
import org.voxtile.ops.Op;
import org.voxtile.ops.Window;
import org.voxtile.volume.Grid;

/**
 * Turns one {@link NodeSpec} into its {@link Op}: finds the op's {@link OpRegistry} entry, lets it
 * read its PyTorch-named arguments and its weights from here, then reports every key it did not
 * read, with the node's name. Holds what every op's builder needs: the node, its argument reader,
 * its inputs' channels and extent, and the build's {@link NodeWeights}.
 */
final class OpFactory {
  /**
   * Most weights one tensor may have: 2^25 floats (128 MiB), more than four times the largest 3D
   * convolution in common use (512 x 512 x 3^3 = 7 M), so a typo such as {@code out_channels:
   * 1000000000} or {@code sigma: 1e8} is refused before anything is allocated.
   */
  static final long MAX_WEIGHTS = 1L << 25;

  private final NodeSpec node;
  private final ArgReader args;
  private final NodeWeights weights;
  private final int[] inChannels;
  private final Extent inExtent;
  private final Grid inGrid;

  /**
   * @param weights where the build's nodes find their weights, and which ones they used
   * @param inChannels the channels of each input, in the node's input order
   * @param inExtent the extent every input has
   * @param inGrid the first input's grid when the build knows it (the pipeline input, or a map
   *     reached from it through ops that declare or keep grids), else null
   */
  OpFactory(NodeSpec node, NodeWeights weights, int[] inChannels, Extent inExtent, Grid inGrid) {
    this.node = node;
    this.args = node.args().reader();
    this.weights = weights;
    this.inChannels = inChannels.clone();
    this.inExtent = inExtent;
    this.inGrid = inGrid;
  }

  /**
   * The node's op.
   *
   * @throws PipelineException naming the node on an unknown key or an impossible value
   */
  Op create() {
    OpRegistry.Entry entry = OpRegistry.entry(node.op()).orElseThrow(() -> PipelineException.atNode(
        node.args().source(), node.name(), "op '" + node.op() + "' has no implementation"));
    Op op = entry.builder().build(this);
    args.finish(node.op());
    return op;
  }

  NodeSpec node() {
    return node;
  }

  /** The node's arguments; a builder reads each key it knows, with PyTorch's default. */
  ArgReader args() {
    return args;
  }

  /** The channels of each input, in the node's input order. */
  int[] inChannels() {
    return inChannels.clone();
  }

  NodeWeights weights() {
    return weights;
  }

  /** The channels of the (first) input. */
  int in() {
    return inChannels[0];
  }

  Extent inExtent() {
    return inExtent;
  }

  /**
   * The first input's grid, for an op that declares its output grid from it.
   *
   * @throws PipelineException naming the node and {@code key} when the grid is not known here (the
   *     input comes out of layers whose geometry is derived later)
   */
  Grid inGrid(String key) {
    if (inGrid == null) {
      throw error(key, "reads '" + node.inputs().get(0) + "', whose grid comes out of the network's layers;"
          + " " + node.op() + " must read the pipeline input or another preprocessing node (reorient, resample,"
          + " crop_to, pad_to, mask)");
    }
    return inGrid;
  }

  /**
   * As {@link #inGrid}, for an op that inverts or orients the input's affine.
   *
   * @throws PipelineException naming the node and {@code key} also when the affine is singular or
   *     not finite
   */
  Grid invertibleInGrid(String key) {
    Grid grid = inGrid(key);
    grid.affineProblem().ifPresent(problem -> {
      throw error(key, "cannot place the input grid in the world: " + problem);
    });
    return grid;
  }

  /** An error about argument {@code key} of this node, naming file, line, node and key. */
  PipelineException error(String key, String detail) {
    return node.args().error(key, detail);
  }

  /** Refuses a tensor of more than {@link #MAX_WEIGHTS} elements; {@code what} says what it is. */
  void checkWeightCount(String what, long... shape) {
    long count = 1;
    for (long extent : shape) {
      count = extent > 0 && count > MAX_WEIGHTS / extent ? MAX_WEIGHTS + 1 : count * extent;
    }
    if (count > MAX_WEIGHTS) {
      throw PipelineException.atNode(node.args().source(), node.name(), what + " of shape "
          + Arrays.toString(shape) + " has more than the " + MAX_WEIGHTS + " elements one tensor may have");
    }
  }

  /** in_channels, if given, must equal the input's channels. */
  void checkInChannels() {
    if (node.args().has("in_channels") && args.positiveInteger("in_channels") != in()) {
      throw error("in_channels", "is " + args.positiveInteger("in_channels") + " but the input has " + in()
          + " channels");
    }
  }

  static Window window(Triple kernel, Triple stride, Triple padding, Triple dilation) {
    return new Window(extent(kernel), extent(stride), extent(padding), extent(dilation));
  }

  static Extent extent(Triple t) {
    return new Extent(t.x(), t.y(), t.z());
  }

  static Triple triple(Extent e) {
    return new Triple((int) e.x(), (int) e.y(), (int) e.z());
  }
}
