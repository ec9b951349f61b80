package org.voxtile.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiStreamWriter;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.tiling.Tile;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Streams one output node's tiles from the scratch directory into its NIfTI file(s), one z-slab
 * of tiles at a time: the tiles are in x, y, z order, so the tiles sharing a z range are
 * consecutive and together cover the slab. The driver holds one slab (whole x and y, one tile
 * high), never the volume; each slab's tile files are deleted once written.
 */
final class Stitcher {
  private Stitcher() {}

  /**
   * Writes {@code node}'s tiles to {@code files}: one file with every channel, or (split) one
   * file per channel.
   *
   * @return bytes of the finished files
   */
  static long stitch(Path scratch, String node, List<Tile> tiles, Extent extent, int channels,
      Orientation orientation, List<Path> files) {
    Box region = Box.of(extent);
    boolean split = files.size() > 1;
    List<NiftiStreamWriter> writers = new ArrayList<>();
    try {
      for (Path file : files) {
        writers.add(NiftiStreamWriter.open(file, region, split ? 1 : channels, orientation,
            NiftiWriteOptions.DEFAULTS));
      }
      int i = 0;
      while (i < tiles.size()) {
        Box first = tiles.get(i).outputs().get(node);
        int end = i;
        while (end < tiles.size() && sameSlab(first, tiles.get(end).outputs().get(node))) {
          end++;
        }
        if (first.max(2) > first.min(2)) { // a row of a small output can be empty along z
          writeSlab(scratch, node, tiles.subList(i, end), region, first, channels, writers);
        }
        i = end;
      }
      for (NiftiStreamWriter writer : writers) {
        writer.close();
      }
      long bytes = 0;
      for (Path file : files) {
        bytes += Files.size(file);
      }
      return bytes;
    } catch (IOException e) {
      writers.forEach(NiftiStreamWriter::abort);
      throw new UncheckedIOException("cannot stitch " + node, e);
    } catch (RuntimeException e) {
      writers.forEach(NiftiStreamWriter::abort);
      throw e;
    }
  }

  private static boolean sameSlab(Box a, Box b) {
    return a.min(2) == b.min(2) && a.max(2) == b.max(2);
  }

  private static void writeSlab(Path scratch, String node, List<Tile> row, Box region, Box first,
      int channels, List<NiftiStreamWriter> writers) throws IOException {
    Box slabBox = Box.of(region.min(0), region.min(1), first.min(2), region.max(0), region.max(1), first.max(2));
    Volume slab = Volume.zeros(slabBox, channels);
    for (Tile tile : row) {
      Box box = tile.outputs().get(node);
      if (box.isEmpty()) {
        continue;
      }
      Path file = TileScratch.file(scratch, node, tile.index());
      Volume.copyRegion(TileScratch.read(file), slab, box);
      Files.delete(file);
    }
    if (writers.size() == 1) {
      writers.get(0).write(slab);
    } else {
      for (int c = 0; c < channels; c++) {
        writers.get(c).write(slab.channels(c, 1));
      }
    }
  }
}
