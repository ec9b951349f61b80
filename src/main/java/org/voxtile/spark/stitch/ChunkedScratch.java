package org.voxtile.spark.stitch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.network.NodeShape;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Scratch;
import org.voxtile.tiling.Stage;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.Tile;
import org.voxtile.volume.Volume;

/**
 * A staged plan's materialised maps in shared storage, one scan's worth under one directory: each
 * map is chunked along the tiles of the stage that writes it, one {@link TileScratch} file per
 * tile ({@code <map>/tile-NNNNNN.raw}), so a task writes exactly its own chunk and a retried
 * attempt replaces it with the same bytes. Readers know the chunk grid from the plan, so a read
 * lists no directory: it opens the chunks its box meets and reads only their part of it
 * ({@link TileScratch#readRegion}). Serialisable: the driver builds it once and every task of
 * the scan receives it; each copy counts its own bytes.
 *
 * <pre>{@code
 * ChunkedScratch scratch = ChunkedScratch.of(work.resolve("stages"), plan);
 * scratch.create("enc1", shapes.get("enc1"));            // driver, before the writing stage
 * scratch.write("enc1", tileOfEnc1);                     // a task of that stage
 * Volume withHalo = scratch.read("enc1", haloBox);       // a task of a later stage
 * }</pre>
 */
public final class ChunkedScratch implements Scratch, Serializable {
  private static final long serialVersionUID = 1L;

  private final Location root;
  private final LinkedHashMap<String, List<Box>> chunks;
  private final LinkedHashMap<String, Integer> channels;
  private long written;
  private long read;

  /**
   * @param chunks per map, the box of each chunk by tile index (empty boxes: tiles without a part)
   * @param channels per map
   */
  public ChunkedScratch(Location root, Map<String, List<Box>> chunks, Map<String, Integer> channels) {
    this.root = root.absolute(); // executors run in their own working directories
    this.chunks = new LinkedHashMap<>();
    chunks.forEach((map, boxes) -> this.chunks.put(map, List.copyOf(boxes)));
    this.channels = new LinkedHashMap<>(channels);
  }

  /** The scratch of every map {@code plan} materialises, chunked by its writing stage's tiles. */
  public static ChunkedScratch of(Location root, StagedPlan plan) {
    Map<String, List<Box>> chunks = new LinkedHashMap<>();
    Map<String, Integer> channels = new LinkedHashMap<>();
    for (Stage stage : plan.stages()) {
      for (String map : stage.writes()) {
        List<Box> boxes = new ArrayList<>();
        for (Tile tile : stage.tiles().tiles()) {
          boxes.add(tile.outputs().get(map));
        }
        chunks.put(map, boxes);
        channels.put(map, plan.shapes().get(map).channels());
      }
    }
    return new ChunkedScratch(root, chunks, channels);
  }

  @Override
  public void create(String map, NodeShape shape) {
    chunksOf(map);
    root.resolve(map).createDirectories();
  }

  @Override
  public void write(String map, Volume part) {
    List<Box> boxes = chunksOf(map);
    if (part.box().isEmpty()) {
      return; // a tile with no part of this map
    }
    int index = boxes.indexOf(part.box());
    if (index < 0 || part.channels() != channels.get(map)) {
      throw new VoxtileException("scratch map '" + map + "' has no chunk " + part.box() + " of "
          + part.channels() + " channels: only its stage's tiles write it");
    }
    written += TileScratch.write(TileScratch.file(root, map, index), part);
  }

  @Override
  public Volume read(String map, Box box) {
    List<Box> boxes = chunksOf(map);
    for (int i = 0; i < boxes.size(); i++) {
      if (!box.isEmpty() && boxes.get(i).contains(box)) { // inside one chunk: no assembling
        Volume piece = TileScratch.readRegion(TileScratch.file(root, map, i), box);
        read += 4L * piece.data().length;
        return piece;
      }
    }
    Volume out = Volume.zeros(box, channels.get(map));
    long covered = 0;
    for (int i = 0; i < boxes.size(); i++) {
      Box part = boxes.get(i).intersect(box);
      if (part.isEmpty()) {
        continue;
      }
      Volume piece = TileScratch.readRegion(TileScratch.file(root, map, i), part);
      Volume.copyRegion(piece, out, part);
      covered += part.voxelCount();
      read += 4L * piece.data().length;
    }
    if (covered != box.voxelCount()) { // the chunks partition the map: a gap is a box outside it
      throw new VoxtileException("scratch map '" + map + "' does not cover " + box);
    }
    return out;
  }

  private List<Box> chunksOf(String map) {
    List<Box> boxes = chunks.get(map);
    if (boxes == null) {
      throw new VoxtileException("scratch map '" + map + "' is not materialised by this plan");
    }
    return boxes;
  }

  /** Deletes every chunk (the scan's statistics are done with them). */
  public void delete() {
    root.delete();
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  @Override
  public long bytesRead() {
    return read;
  }
}
