package org.voxtile.geometry;

import static org.voxtile.Checks.checkArgument;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A regular grid of cells of size {@code cell} laid over {@code bounds} from its min corner; cells
 * at the upper border are clipped to the bounds. Cells are listed x fastest, then y, then z, so
 * that consecutive cells share a z-slab (the order a streaming writer needs).
 */
public final class BoxGrid extends AbstractList<Box> implements RandomAccess {
  private final Box bounds;
  private final Extent cell;
  private final long cellsX;
  private final long cellsY;
  private final long cellsZ;
  private final int size;

  public BoxGrid(Box bounds, Extent cell) {
    checkArgument(!cell.isEmpty(), "grid cell must not be empty: %s", cell);
    this.bounds = bounds;
    this.cell = cell;
    Extent e = bounds.extent();
    this.cellsX = ceilDiv(e.x(), cell.x());
    this.cellsY = ceilDiv(e.y(), cell.y());
    this.cellsZ = ceilDiv(e.z(), cell.z());
    long count = bounds.isEmpty() ? 0 : Math.multiplyExact(Math.multiplyExact(cellsX, cellsY), cellsZ);
    checkArgument(count <= Integer.MAX_VALUE, "too many grid cells: %s of %s over %s", count, cell, bounds);
    this.size = (int) count;
  }

  private static long ceilDiv(long n, long d) {
    return n == 0 ? 0 : (n - 1) / d + 1;
  }

  public Box bounds() {
    return bounds;
  }

  public Extent cell() {
    return cell;
  }

  /** Number of cells along each axis. */
  public Extent cellCounts() {
    return new Extent(cellsX, cellsY, cellsZ);
  }

  /** The cell at grid position (i, j, k), clipped to the bounds. */
  public Box cell(long i, long j, long k) {
    Index3 min = new Index3(
        bounds.min().x() + i * cell.x(), bounds.min().y() + j * cell.y(), bounds.min().z() + k * cell.z());
    return Box.of(min, cell).intersect(bounds);
  }

  @Override
  public Box get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("cell " + index + " of " + size);
    }
    long i = index % cellsX;
    long j = (index / cellsX) % cellsY;
    long k = index / (cellsX * cellsY);
    return cell(i, j, k);
  }

  @Override
  public int size() {
    return size;
  }
}
