package org.voxtile.zarr;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.voxtile.geometry.Box;
import org.voxtile.network.pipeline.StrictYaml;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/**
 * One Zarr v2 array of a volume, in a directory of any {@link org.voxtile.storage.Storage}: axes
 * (z, y, x) for one channel or (c, z, y, x), C order, so x varies fastest as in a {@link Volume}
 * and a chunk of all channels is a tile's data as it lies in memory. Reads take only the chunks a
 * box overlaps; a chunk file that is absent reads as the fill value, as Zarr defines.
 *
 * <p>Writes: {@link #writeChunks} writes the chunks of exactly one cell of the chunk grid, so
 * tasks computing disjoint tiles aligned with the chunks never share a chunk; every chunk is
 * written whole (write then rename), so a retried task rewrites identical bytes and no reader
 * sees half a chunk. {@link #writeMetadata} writes {@code .zarray}: the caller writes it after
 * every chunk, so an array with metadata is complete.
 */
public final class ZarrArray implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The array's metadata file. */
  public static final String ZARRAY = ".zarray";

  private final Location dir;
  private final ZarrMetadata meta;
  private final AtomicLong bytesRead = new AtomicLong();

  private ZarrArray(Location dir, ZarrMetadata meta) {
    this.dir = dir;
    this.meta = meta;
  }

  /** The array to be written at {@code dir}; nothing is written yet. */
  public static ZarrArray create(Location dir, ZarrMetadata meta) {
    if (meta.axes() < 3 || meta.axes() > 4) {
      throw new IllegalArgumentException("a volume array has 3 or 4 axes, not " + meta.axes());
    }
    return new ZarrArray(dir, meta);
  }

  /**
   * The array whose {@code .zarray} is in {@code dir}.
   *
   * @throws InvalidZarrException naming the array and the key at fault
   */
  public static ZarrArray open(Location dir) {
    Location file = dir.resolve(ZARRAY);
    if (!file.isFile()) {
      throw new InvalidZarrException(dir.toString(), "no .zarray: not a Zarr v2 array");
    }
    String text;
    try (InputStream in = file.readable().openStream()) {
      text = new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Object json;
    try {
      json = StrictYaml.loadJson(text, file.toString());
    } catch (RuntimeException e) {
      throw new InvalidZarrException(dir.toString(), ".zarray is not valid JSON: " + e.getMessage().lines()
          .findFirst().orElse(""));
    }
    return new ZarrArray(dir, ZarrMetadata.parse(json, dir.toString()));
  }

  public Location directory() {
    return dir;
  }

  public ZarrMetadata metadata() {
    return meta;
  }

  /** Channels: 1 for (z, y, x), the first axis's size for (c, z, y, x). */
  public int channels() {
    return meta.axes() == 3 ? 1 : (int) meta.shape()[0];
  }

  /** The spatial box, (x, y, z) from 0 to the shape's last three sizes reversed. */
  public Box box() {
    long[] s = meta.shape();
    int a = meta.axes();
    return Box.of(0, 0, 0, s[a - 1], s[a - 2], s[a - 3]);
  }

  /** Chunk bytes read so far (as stored, compressed or not). */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** Writes {@code .zarray}, replacing one there. */
  public void writeMetadata() {
    dir.createDirectories();
    dir.resolve(ZARRAY).writeString(meta.json(), false);
  }

  /**
   * Writes the chunks of all channels of one chunk-grid cell: {@code tile}'s box must be that cell
   * (clipped to the array at its far edges) and it must hold every channel. Edge chunks are padded
   * with the fill value, as Zarr stores them.
   *
   * @throws IllegalArgumentException when the box is not one cell of the chunk grid
   */
  public void writeChunks(Volume tile) {
    int[] chunk = spatialChunk();
    Box box = tile.box();
    long[] cell = new long[3];
    for (int d = 0; d < 3; d++) {
      cell[d] = box.min(d) / chunk[d];
      long end = Math.min(box.min(d) + chunk[d], box().max(d));
      if (box.min(d) % chunk[d] != 0 || box.max(d) != end) {
        throw new IllegalArgumentException(dir + ": " + box + " is not a cell of the chunk grid "
            + Arrays.toString(meta.chunks()) + " of " + box());
      }
    }
    if (tile.channels() != channels()) {
      throw new IllegalArgumentException(dir + ": a tile of " + tile.channels() + " channels for " + channels());
    }
    int channelChunk = channelChunk();
    for (int c0 = 0; c0 < channels(); c0 += channelChunk) {
      float[] values = new float[meta.chunkValues()];
      if (meta.fillValue() != 0 || box.extent().x() != chunk[0] || box.extent().y() != chunk[1]
          || box.extent().z() != chunk[2]) {
        Arrays.fill(values, (float) meta.fillValue());
      }
      long[] index = meta.axes() == 3 ? new long[] {cell[2], cell[1], cell[0]}
          : new long[] {c0 / channelChunk, cell[2], cell[1], cell[0]};
      copy(tile, box, c0, Math.min(channelChunk, channels() - c0), values, chunk, true);
      Location file = chunkFile(index);
      byte[] stored = meta.compressor().encode(meta.dtype().encode(values));
      file.parent().createDirectories();
      file.write(out -> out.write(stored), false);
    }
  }

  /** All channels of {@code region}, which must lie in {@link #box()}. */
  public Volume read(Box region) {
    if (!box().contains(region)) {
      throw new IllegalArgumentException(dir + ": region " + region + " outside the array's " + box());
    }
    Volume out = Volume.zeros(region, channels());
    if (region.isEmpty()) {
      return out;
    }
    int[] chunk = spatialChunk();
    int channelChunk = channelChunk();
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      lo[d] = region.min(d) / chunk[d];
      hi[d] = (region.max(d) - 1) / chunk[d];
    }
    float[] values = new float[meta.chunkValues()];
    for (int c0 = 0; c0 < channels(); c0 += channelChunk) {
      for (long k = lo[2]; k <= hi[2]; k++) {
        for (long j = lo[1]; j <= hi[1]; j++) {
          for (long i = lo[0]; i <= hi[0]; i++) {
            long[] index = meta.axes() == 3 ? new long[] {k, j, i} : new long[] {c0 / channelChunk, k, j, i};
            Box cellBox = Box.of(i * chunk[0], j * chunk[1], k * chunk[2], (i + 1) * chunk[0], (j + 1) * chunk[1],
                (k + 1) * chunk[2]);
            if (!readChunk(index, values)) {
              Arrays.fill(values, (float) meta.fillValue());
            }
            copy(out, cellBox.intersect(region), c0, Math.min(channelChunk, channels() - c0), values, chunk,
                false, cellBox);
          }
        }
      }
    }
    return out;
  }

  /** Reads chunk {@code index} into {@code values}; false when its file is absent. */
  private boolean readChunk(long[] index, float[] values) {
    Location file = chunkFile(index);
    if (!file.exists()) {
      return false;
    }
    String key = meta.key(index);
    int expected = meta.chunkValues() * meta.dtype().bytes();
    long size = file.size();
    if (size > expected + (expected >> 3) + (64 << 10)) { // zlib's worst case is a few bytes per 16 KiB
      throw new InvalidZarrException(dir.toString(), "chunk '" + key + "' has " + size + " bytes, more than a chunk"
          + " of " + expected + " bytes can take");
    }
    byte[] stored;
    try (InputStream in = file.readable().openStream()) {
      stored = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    bytesRead.addAndGet(stored.length);
    try {
      meta.dtype().decode(meta.compressor().decode(stored, expected), meta.chunkValues(), values);
    } catch (IllegalArgumentException e) {
      throw new InvalidZarrException(dir.toString(), "chunk '" + key + "': " + e.getMessage()
          + " (chunks " + Arrays.toString(meta.chunks()) + " of " + meta.dtype().label() + ")");
    }
    return true;
  }

  /** The file of chunk {@code index}. */
  public Location chunkFile(long[] index) {
    if (meta.separator().equals(".")) {
      return dir.resolve(meta.key(index));
    }
    Location at = dir;
    for (long i : index) { // nested: one directory per axis but the last
      at = at.resolve(Long.toString(i));
    }
    return at;
  }

  /** The chunk's spatial extent, (x, y, z). */
  private int[] spatialChunk() {
    int[] c = meta.chunks();
    int a = meta.axes();
    return new int[] {c[a - 1], c[a - 2], c[a - 3]};
  }

  private int channelChunk() {
    return meta.axes() == 3 ? 1 : meta.chunks()[0];
  }

  private static void copy(Volume volume, Box region, int c0, int count, float[] values, int[] chunk,
      boolean toChunk) {
    copy(volume, region, c0, count, values, chunk, toChunk, region);
  }

  /**
   * Copies {@code region} of channels {@code [c0, c0 + count)} between the volume and a chunk whose
   * cell starts at {@code cell}'s min corner, one x run at a time.
   */
  private static void copy(Volume volume, Box region, int c0, int count, float[] values, int[] chunk,
      boolean toChunk, Box cell) {
    int nx = (int) region.extent().x();
    for (int c = 0; c < count; c++) {
      for (long z = region.min(2); z < region.max(2); z++) {
        for (long y = region.min(1); y < region.max(1); y++) {
          int at = volume.index(c0 + c, region.min(0), y, z);
          int inChunk = (int) (((c * (long) chunk[2] + (z - cell.min(2))) * chunk[1] + (y - cell.min(1))) * chunk[0]
              + (region.min(0) - cell.min(0)));
          if (toChunk) {
            System.arraycopy(volume.data(), at, values, inChunk, nx);
          } else {
            System.arraycopy(values, inChunk, volume.data(), at, nx);
          }
        }
      }
    }
  }
}
