package org.voxtile.spark;

import java.io.Serializable;

/**
 * What a task sends back to the driver for one tile: small numbers only (the voxels went to the
 * scratch directory), plus the tile's partial features when the pipeline asks for them.
 *
 * @param index the tile's index in the plan
 * @param bytesRead input voxel bytes read from the NIfTI files
 * @param bytesWritten scratch bytes written
 * @param readNanos time reading the input box
 * @param computeNanos time computing the network on the tile (reading excluded)
 * @param writeNanos time writing the scratch files
 * @param features the tile's partial SPP and statistics, or null without {@code features}
 */
record TileResult(int index, long bytesRead, long bytesWritten, long readNanos, long computeNanos,
    long writeNanos, TileFeatures features) implements Serializable {
  private static final long serialVersionUID = 1L;
}
