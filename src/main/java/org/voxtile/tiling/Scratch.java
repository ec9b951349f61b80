package org.voxtile.tiling;

import org.voxtile.geometry.Box;
import org.voxtile.network.NodeShape;
import org.voxtile.volume.Volume;

/**
 * Where a staged plan keeps the maps it materialises for one scan: each map is a chunked volume
 * that one stage's tiles write (their boxes partition the map) and later stages read by region,
 * with the halo their tiles need. A tile retried after a failure writes the same bytes again, so
 * writes must be idempotent. {@link InMemoryScratch} serves the single-JVM runner; a distributed
 * implementation keeps the chunks in shared storage.
 *
 * <pre>{@code
 * scratch.create("enc1", shapes.get("enc1"));      // driver, before the stage
 * scratch.write("enc1", tileOfEnc1);               // tasks of the stage that materialises it
 * Volume part = scratch.read("enc1", haloBox);     // tasks of later stages
 * }</pre>
 */
public interface Scratch {
  /** Prepares an empty map of {@code shape}; called once per map before any write. */
  void create(String map, NodeShape shape);

  /**
   * Stores the voxels of {@code part} (all channels) at its box, which lies inside the map.
   *
   * @throws org.voxtile.VoxtileException when the map was not created or the part does not fit
   */
  void write(String map, Volume part);

  /**
   * The voxels of {@code box}, inside the map's extent, as a new volume the caller may overwrite.
   * Only boxes the writing stage has completely written may be read.
   */
  Volume read(String map, Box box);

  /** Bytes written so far (for reports and the cost model's check). */
  long bytesWritten();

  /** Bytes read so far. */
  long bytesRead();
}
