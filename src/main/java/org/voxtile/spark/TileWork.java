package org.voxtile.spark;

import java.io.Serializable;
import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.tiling.Tile;

/**
 * One task's input: the tile (boxes of every network output, the feature node included) and
 * the box of the pipeline input this tile owns for statistics (a partition of the input grid,
 * proportional to the tiles' partition of the output grid).
 */
record TileWork(Tile tile, Box ownedInput) implements Serializable {
  private static final long serialVersionUID = 1L;

  int index() {
    return tile.index();
  }

  Map<String, Box> outputs() {
    return tile.outputs();
  }
}
