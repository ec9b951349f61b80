package org.voxtile.spark.stitch;

import org.voxtile.storage.Location;

/**
 * Tells the stitcher when a tile's scratch file is there to read, so the driver can write the
 * first z-slabs of the output while the tasks of later slabs still run. A task writes each
 * scratch file under a temporary name and renames it, so a file that exists is complete.
 */
@FunctionalInterface
public interface TileArrivals {
  /** Every tile is already written: stitching after the job. */
  TileArrivals ALL_WRITTEN = (scratch, node, index) -> {};

  /**
   * Returns once tile {@code index}'s scratch file of {@code node} exists, or once the job that
   * writes it has ended (a missing file then fails the read that follows, naming it).
   *
   * @throws RuntimeException the job's failure, when it failed
   */
  void await(Location scratch, String node, int index);
}
