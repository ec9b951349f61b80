package org.voxtile.tiling;

import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;

/**
 * The tiles of one scan and what they cost.
 *
 * @param inputExtent extent of the pipeline input the plan is for
 * @param reference the output node whose grid the tiles are cut from
 * @param tileExtent tile size in voxels of {@code reference} (edge tiles may be smaller)
 * @param alignment tile sizes and starts are multiples of this, per axis: the coarsest node's
 *     voxel in reference-output voxels, so that no tile splits a voxel of a strided map
 * @param tiles the tiles, x fastest, then y, then z (so z-slabs of tiles are consecutive)
 * @param inputHalo input voxels read beyond an interior tile's own footprint, per side
 * @param computedPerNode voxels computed summed over tiles, per node (and the input voxels read,
 *     under the name of the source)
 * @param wholePerNode voxels of each node that one whole-volume run computes (its needed box for
 *     the whole outputs: less than its extent where a later stride skips voxels)
 * @param haloOverhead computed / whole voxels summed over all nodes (1.0 = no recomputation)
 * @param peakBytes the largest live set of maps of any tile ({@link TileRunner#peakBytes})
 */
public record TilePlan(
    Extent inputExtent,
    String reference,
    Extent tileExtent,
    Extent alignment,
    List<Tile> tiles,
    Halo inputHalo,
    Map<String, Long> computedPerNode,
    Map<String, Long> wholePerNode,
    double haloOverhead,
    long peakBytes) {

  public TilePlan {
    tiles = tiles instanceof GridTiles ? tiles : List.copyOf(tiles); // a grid's tiles are made on demand
    computedPerNode = Map.copyOf(computedPerNode);
    wholePerNode = Map.copyOf(wholePerNode);
  }

  /** computed / whole voxels of one node. */
  public double overhead(String node) {
    return (double) computedPerNode.get(node) / wholePerNode.get(node);
  }
}
