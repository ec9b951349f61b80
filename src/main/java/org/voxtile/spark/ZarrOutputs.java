package org.voxtile.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.spark.stitch.OutputGeometry;
import org.voxtile.spark.stitch.OutputValueException;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Tile;
import org.voxtile.volume.Volume;
import org.voxtile.zarr.ZarrArray;
import org.voxtile.zarr.ZarrCompressor;
import org.voxtile.zarr.ZarrDtype;
import org.voxtile.zarr.ZarrImage;

/**
 * A scan's OME-Zarr outputs ({@code --output-format zarr|both}): one image per written node, its
 * chunk the node's output tile (every channel in one chunk), so each task writes exactly the chunks
 * of its own tile and no chunk is shared. The images are assembled in the scan's staging directory;
 * the driver writes their metadata after the last task and they are moved into place with the
 * other outputs. Serialisable: the tasks carry the arrays.
 */
final class ZarrOutputs implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, ZarrArray> arrays;
  private final LinkedHashMap<String, OutputDatatype> datatypes;
  private transient Map<String, ZarrImage> images;

  private ZarrOutputs(Map<String, ZarrImage> images, Map<String, OutputDatatype> datatypes) {
    this.images = images;
    this.arrays = new LinkedHashMap<>();
    images.forEach((node, image) -> arrays.put(node, image.level0()));
    this.datatypes = new LinkedHashMap<>(datatypes);
  }

  /** The images of {@code scan}'s written outputs in {@code staging}: nothing is written yet. */
  static ZarrOutputs create(PreparedScan scan, Location staging) {
    Map<String, ZarrImage> images = new LinkedHashMap<>();
    Map<String, OutputDatatype> datatypes = new LinkedHashMap<>();
    Location dir = staging.absolute(); // executors run in their own work dirs
    for (String node : scan.writtenOutputs()) {
      Extent extent = scan.extentOf(node);
      int channels = scan.built().shapes().get(node).channels();
      OutputDatatype datatype = scan.built().spec().outputDatatype(node);
      images.put(node, ZarrImage.create(dir.resolve(OutputNames.image(node)), node,
          new long[] {extent.x(), extent.y(), extent.z()}, channels, chunk(scan, node),
          ZarrDtype.ofNumpyName(datatype.label()), ZarrCompressor.ZLIB,
          OutputGeometry.of(scan.built().network(), node, scan.orientation())));
      datatypes.put(node, datatype);
    }
    return new ZarrOutputs(images, datatypes);
  }

  /**
   * The chunk of {@code node}: its first tile's extent, when the node's tiles are the cells of that
   * grid (the reference output's always are; another output's proportional boxes are when its grid
   * divides evenly).
   *
   * @throws VoxtileException naming the node and a tile that is not a cell, before any task runs
   */
  static int[] chunk(PreparedScan scan, String node) {
    List<Tile> tiles = scan.plan().tiles();
    Extent extent = scan.extentOf(node);
    Box first = tiles.get(0).outputs().get(node);
    int[] chunk = new int[3];
    for (int d = 0; d < 3; d++) {
      chunk[d] = (int) Math.max(1, first.extent().get(d));
    }
    for (Tile tile : tiles) {
      Box box = tile.outputs().get(node);
      if (box.isEmpty()) {
        continue;
      }
      for (int d = 0; d < 3; d++) {
        if (box.min(d) % chunk[d] != 0 || box.max(d) != Math.min(box.min(d) + chunk[d], extent.get(d))) {
          throw new VoxtileException("scan '" + scan.scan().id() + "': --output-format zarr needs the tiles of output '"
              + node + "' on one chunk grid, but tile " + tile.index() + " is " + box + " and the first " + first
              + "; give a --tile that divides this output's grid (its stride), or --output-format nifti");
        }
      }
    }
    return chunk;
  }

  /** Writes the chunks of {@code node}'s tile, after checking its values fit the output's datatype. */
  long write(String node, Volume tile) {
    if (tile.box().isEmpty()) {
      return 0;
    }
    OutputValueException.check(tile, node, datatypes.get(node));
    arrays.get(node).writeChunks(tile);
    return (long) arrays.get(node).metadata().chunkValues() * arrays.get(node).metadata().dtype().bytes();
  }

  /** The nodes written. */
  java.util.Set<String> nodes() {
    return arrays.keySet();
  }

  /** On the driver after every task: each image's metadata; returns the image directories. */
  List<Location> finish() {
    images.values().forEach(ZarrImage::writeMetadata);
    return images.values().stream().map(ZarrImage::group).toList();
  }
}
