package org.voxtile.ops;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * One layer of a pipeline, forward only, float32, with {@code torch.nn.functional}'s semantics
 * under voxtile's axis convention (voxtile (x, y, z) = PyTorch (D, H, W)).
 *
 * <p>The contract the tiling engine relies on: for any output box {@code b} of the global output
 * extent,
 *
 * <pre>{@code
 * Box needed = op.requiredInput(b).intersect(Box.of(inputExtent));   // the halo, clipped
 * Volume tile = op.compute(List.of(input.crop(needed)), b, inputExtent);
 * // tile equals whole.crop(b) bit for bit, where whole = op.compute(List.of(input), Box.of(outputExtent), inputExtent)
 * }</pre>
 *
 * Positions outside the global input extent are the op's own padding (zeros for convolution,
 * -inf for max pooling, PyTorch's divisor rule for average pooling); inside it a tile never sees
 * padding. Each output voxel is accumulated in an order fixed by the op, never by the box, so the
 * equality above is exact. A misuse to avoid: passing the tile's own extent as
 * {@code inputExtent}; it must be the extent of the whole input feature map, or the tile would
 * be padded at its own border.
 */
public interface Op extends java.io.Serializable {
  /** Variadic input count (add, concat). */
  int VARIADIC = -1;

  /** A short name for messages and descriptions, e.g. "conv3d". */
  String name();

  /** Number of inputs: 1, or {@link #VARIADIC}. */
  int inputCount();

  /**
   * Channels of the output given the channels of each input.
   *
   * @throws IllegalArgumentException when the input channels do not fit this op
   */
  int outputChannels(int... inputChannels);

  /**
   * Global output extent for a global input extent (PyTorch's formula).
   *
   * @throws IllegalArgumentException when the input is too small for one window
   */
  Extent outputExtent(Extent input);

  /**
   * The input region, in global input coordinates and unclipped (it may reach outside
   * [0, inputExtent)), needed to compute {@code output}. For multi-input ops the same region
   * applies to every input.
   */
  Box requiredInput(Box output);

  /**
   * Computes the voxels of {@code output} (global output coordinates).
   *
   * @param inputs one volume per input, each covering {@code requiredInput(output)} clipped to
   *     {@code Box.of(inputExtent)} (larger is fine)
   * @param inputExtent the extent of the whole input feature map, where padding begins
   * @return a new volume whose box is {@code output}
   * @throws IllegalArgumentException when an input does not cover what it must
   */
  Volume compute(List<Volume> inputs, Box output, Extent inputExtent);

  /**
   * The input region that {@code output} depends on in the unbounded grid, where no map has a
   * border: what receptive fields and effective strides are composed from. It equals
   * {@link #requiredInput} (the default) for every op whose region map does not depend on where
   * its input ends; an op bound to its input extent answers as if the input went on without end
   * (replicate padding then shifts like constant padding; an adaptive pool's bins repeat with
   * width n / o).
   */
  default Box receptiveRegion(Box output) {
    return requiredInput(output);
  }

  /**
   * Whether the tiling contract above holds: every output voxel depends only on the input voxels
   * of {@link #requiredInput} of its box, so that a tile computed from its halo alone equals the
   * whole. True for every convolution, pooling, activation and shape op; an op that needs
   * statistics of its whole input map for each voxel (a global normalisation) returns false and
   * says why in {@link #describeNonLocality()}, and the tile planner refuses networks that use it.
   */
  default boolean isLocal() {
    return true;
  }

  /** Why {@link #isLocal()} is false, for the planner's refusal; empty for local ops. */
  default String describeNonLocality() {
    return "";
  }

  /** Multiply-accumulates (or comparisons/adds for pooling) for one output of this extent. */
  default long macs(Extent output, int... inputChannels) {
    return 0;
  }

  /** Computes the whole output of one whole input: a convenience for tests and small volumes. */
  default Volume apply(Volume... inputs) {
    Extent in = inputs[0].extent();
    return compute(List.of(inputs), Box.of(outputExtent(in)), in);
  }
}
