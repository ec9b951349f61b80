package org.voxtile.volume;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;

/**
 * Float32 channels over a {@link Box} of a global voxel grid, stored in one flat array, x fastest,
 * then y, then z, then channel (channel-major): voxel (x, y, z) of channel c sits at
 * {@code c * voxelsPerChannel + ((z - z0) * ny + (y - y0)) * nx + (x - x0)}.
 *
 * <p>The box and channel count are fixed; the array is shared, not copied, so kernels can fill it
 * in place. {@link #data()} returns the internal array: writes through it change this volume.
 * One volume holds at most 2^31 - 1 floats: tiles, not whole large scans.
 */
public final class Volume {
  private final Box box;
  private final int channels;
  private final float[] data;
  private final Orientation orientation;
  private final int nx;
  private final int ny;
  private final int voxelsPerChannel;

  private Volume(Box box, int channels, float[] data, Orientation orientation) {
    checkArgument(channels >= 1, "a volume needs at least one channel: %s", channels);
    checkArgument(orientation != null, "orientation must not be null (use Orientation.UNKNOWN)");
    long voxels = box.voxelCount();
    checkArgument(voxels * channels <= Integer.MAX_VALUE,
        "volume %s with %s channels has %s floats, more than one array holds", box.extent(), channels,
        voxels * channels);
    checkArgument(data.length == voxels * channels,
        "data has %s floats, box %s with %s channels needs %s", data.length, box.extent(), channels,
        voxels * channels);
    this.box = box;
    this.channels = channels;
    this.data = data;
    this.orientation = orientation;
    this.nx = (int) box.extent().x();
    this.ny = (int) box.extent().y();
    this.voxelsPerChannel = (int) voxels;
  }

  /** A zero-filled volume. */
  public static Volume zeros(Box box, int channels) {
    long n = Math.multiplyExact(box.voxelCount(), channels);
    checkArgument(n <= Integer.MAX_VALUE,
        "volume %s with %s channels has %s floats, more than one array holds", box.extent(), channels, n);
    return new Volume(box, channels, new float[(int) n], Orientation.UNKNOWN);
  }

  /** Wraps {@code data} (not copied) laid out as described in the class comment. */
  public static Volume wrap(Box box, int channels, float[] data) {
    return new Volume(box, channels, data, Orientation.UNKNOWN);
  }

  public static Volume wrap(Box box, int channels, float[] data, Orientation orientation) {
    return new Volume(box, channels, data, orientation);
  }

  public Box box() {
    return box;
  }

  public Extent extent() {
    return box.extent();
  }

  public int channels() {
    return channels;
  }

  public Orientation orientation() {
    return orientation;
  }

  /** The same voxels with other orientation metadata (shares the array). */
  public Volume withOrientation(Orientation o) {
    return new Volume(box, channels, data, o);
  }

  /** The internal array (see the class comment for the layout). Writes change this volume. */
  public float[] data() {
    return data;
  }

  public int voxelsPerChannel() {
    return voxelsPerChannel;
  }

  /** Flat index of global voxel (x, y, z) in channel c. */
  public int index(int c, long x, long y, long z) {
    return c * voxelsPerChannel
        + (int) (((z - box.min().z()) * ny + (y - box.min().y())) * nx + (x - box.min().x()));
  }

  public float get(int c, long x, long y, long z) {
    checkInside(c, x, y, z);
    return data[index(c, x, y, z)];
  }

  public void set(int c, long x, long y, long z, float value) {
    checkInside(c, x, y, z);
    data[index(c, x, y, z)] = value;
  }

  private void checkInside(int c, long x, long y, long z) {
    if (c < 0 || c >= channels || !box.contains(new Index3(x, y, z))) {
      throw new IndexOutOfBoundsException(
          "voxel (" + x + ", " + y + ", " + z + ") channel " + c + " outside " + box + " x "
              + channels + " channels");
    }
  }

  /** A copy of the voxels of {@code region}, which must lie inside this volume's box. */
  public Volume crop(Box region) {
    checkArgument(box.contains(region), "crop %s is not inside %s", region, box);
    Volume out = zeros(region, channels).withOrientation(orientation);
    copyRegion(this, out, region);
    return out;
  }

  /** A copy of channels [first, first + count). */
  public Volume channels(int first, int count) {
    checkArgument(first >= 0 && count >= 1 && first + count <= channels,
        "channels [%s, %s) outside 0..%s", first, first + count, channels);
    float[] out = new float[count * voxelsPerChannel];
    System.arraycopy(data, first * voxelsPerChannel, out, 0, out.length);
    return new Volume(box, count, out, orientation);
  }

  /** A full copy with its own array. */
  public Volume copy() {
    return new Volume(box, channels, data.clone(), orientation);
  }

  /**
   * Copies the voxels of {@code region} (all channels) from {@code source} into {@code target};
   * both must contain the region and have the same channel count. Rows are copied x-contiguous.
   */
  public static void copyRegion(Volume source, Volume target, Box region) {
    checkArgument(source.channels == target.channels,
        "channel counts differ: %s vs %s", source.channels, target.channels);
    checkArgument(source.box.contains(region) && target.box.contains(region),
        "region %s must lie in both %s and %s", region, source.box, target.box);
    if (region.isEmpty()) {
      return;
    }
    int rowLength = (int) region.extent().x();
    for (int c = 0; c < source.channels; c++) {
      for (long z = region.min().z(); z < region.max().z(); z++) {
        for (long y = region.min().y(); y < region.max().y(); y++) {
          long x = region.min().x();
          System.arraycopy(source.data, source.index(c, x, y, z),
              target.data, target.index(c, x, y, z), rowLength);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Volume[" + box + ", " + channels + " channels]";
  }
}
