package org.voxtile.zarr;

import org.voxtile.Json;
import org.voxtile.storage.Location;
import org.voxtile.volume.Orientation;

/**
 * An OME-Zarr image being written: a group ({@code .zgroup}, {@code .zattrs} with OME-NGFF 0.4
 * {@code multiscales}, see {@link OmeNgff}) holding its full-resolution array (c, z, y, x) at
 * {@code "0"}. Tasks write the array's chunks ({@link #level0()}); {@link #writeMetadata} comes
 * after the last chunk and writes {@code .zarray}, {@code .zattrs}, then {@code .zgroup}, so a group
 * without {@code .zgroup} is unfinished. (A run also assembles the group under {@code _temporary}
 * and moves it into place whole, so an unfinished group is never under its final name.)
 */
public final class ZarrImage {
  private final Location group;
  private final String name;
  private final ZarrArray level0;
  private final Orientation orientation;

  private ZarrImage(Location group, String name, ZarrArray level0, Orientation orientation) {
    this.group = group;
    this.name = name;
    this.level0 = level0;
    this.orientation = orientation;
  }

  /**
   * The image at {@code group} for a volume of {@code channels} channels, its level 0 chunked
   * by {@code chunk} (x, y, z) with every channel in each chunk; nothing is written yet.
   */
  public static ZarrImage create(Location group, String name, long[] shapeXyz, int channels, int[] chunkXyz,
      ZarrDtype dtype, ZarrCompressor compressor, Orientation orientation) {
    ZarrMetadata meta = new ZarrMetadata(new long[] {channels, shapeXyz[2], shapeXyz[1], shapeXyz[0]},
        new int[] {channels, chunkXyz[2], chunkXyz[1], chunkXyz[0]}, dtype, compressor, 0, "/");
    return new ZarrImage(group, name, ZarrArray.create(group.resolve(OmeNgff.LEVEL0), meta), orientation);
  }

  public Location group() {
    return group;
  }

  /** The full-resolution array, which tasks write chunk by chunk. */
  public ZarrArray level0() {
    return level0;
  }

  /** The array's, then the group's metadata: {@code .zgroup} last. */
  public void writeMetadata() {
    level0.writeMetadata();
    group.resolve(OmeNgff.ZATTRS).writeString(Json.indented(OmeNgff.attributes(name, orientation)), false);
    group.resolve(OmeNgff.ZGROUP).writeString(Json.indented(java.util.Map.of("zarr_format", 2)), false);
  }
}
