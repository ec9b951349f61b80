package org.voxtile.spark;

import java.io.Serializable;
import org.voxtile.features.TileFeatures;

/**
 * What tasks send back to the driver: small numbers only (the voxels went to the scratch
 * directory), plus partial features when the pipeline asks for them. Results of several tiles
 * merge into one, in any order with the same outcome (counts and exact sums), so the driver
 * reduces them as they arrive and holds one at a time.
 *
 * @param tiles how many tiles this result covers
 * @param bytesRead input voxel bytes read from the NIfTI files
 * @param bytesWritten scratch bytes written (output tiles, materialised maps)
 * @param scratchBytesRead bytes of materialised maps read back (a staged plan's later stages)
 * @param readNanos time reading input boxes
 * @param computeNanos time computing the network (reading excluded)
 * @param writeNanos time writing scratch files
 * @param features partial SPP and statistics, or null without {@code features}
 * @param liveMapsPeakBytes the most bytes of maps one tile held at once, measured from the arrays
 *     its runner allocated (largest over the tiles)
 * @param heapPeakBytes the executor JVM's heap high-water mark when the tile finished
 *     ({@link HeapPeak}; largest over the tiles)
 */
record TileResult(int tiles, long bytesRead, long bytesWritten, long scratchBytesRead, long readNanos,
    long computeNanos, long writeNanos, TileFeatures features, long liveMapsPeakBytes, long heapPeakBytes)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  TileResult merge(TileResult o) {
    return new TileResult(tiles + o.tiles, bytesRead + o.bytesRead, bytesWritten + o.bytesWritten,
        scratchBytesRead + o.scratchBytesRead, readNanos + o.readNanos, computeNanos + o.computeNanos,
        writeNanos + o.writeNanos,
        features == null ? null : features.merge(o.features),
        Math.max(liveMapsPeakBytes, o.liveMapsPeakBytes), Math.max(heapPeakBytes, o.heapPeakBytes));
  }
}
