package org.voxtile.tiling;

import java.util.AbstractList;
import java.util.Map;
import java.util.RandomAccess;
import java.util.function.Function;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;

/**
 * A plan's tiles as its grid: each tile is made when asked for, so a plan of 10^7 tiles holds a
 * grid and a function, not 10^7 maps of boxes. Immutable, like the grid.
 */
final class GridTiles extends AbstractList<Tile> implements RandomAccess {
  private final BoxGrid grid;
  private final Function<Box, Map<String, Box>> outputBoxes;

  GridTiles(BoxGrid grid, Function<Box, Map<String, Box>> outputBoxes) {
    this.grid = grid;
    this.outputBoxes = outputBoxes;
  }

  @Override
  public Tile get(int index) {
    return new Tile(index, outputBoxes.apply(grid.get(index)));
  }

  @Override
  public int size() {
    return grid.size();
  }
}
