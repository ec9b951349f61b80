package org.voxtile.ops;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;

/**
 * An op whose output voxel p reads voxel p of each input and nothing else: activations, batch
 * norm, add, concat, channel selection. Its output grid is its input grid, so the region map is
 * the identity, stated here once. A voxelwise op has no padding: it computes only output boxes
 * inside its input extent.
 */
interface Voxelwise extends Op {
  /** The input extent: one output voxel per input voxel. */
  @Override
  default Extent outputExtent(Extent input) {
    return input;
  }

  /** {@code output} itself: each output voxel reads the input voxel at its own position. */
  @Override
  default Box requiredInput(Box output) {
    return output;
  }
}
