package org.voxtile.spark.stitch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.nifti.ReadableFile;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/**
 * One computed tile of one output node on disk, between the task that computed it and the
 * driver that stitches it: {@code "VXTILE01"}, the box (6 little-endian longs, min then max), the
 * channel count (int), then the float32 voxels little-endian in {@link Volume}'s order. A task
 * writes to a unique temporary name and renames, so a retried or speculative attempt replaces a
 * file with the same bytes and the driver never reads half a file.
 */
public final class TileScratch {
  private static final byte[] MAGIC = "VXTILE01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 6 * 8 + 4;
  private static final int CHUNK = 1 << 16;

  private TileScratch() {}

  /** The file of tile {@code index} of {@code output} under a scan's scratch directory. */
  public static Location file(Location scratch, String output, int index) {
    return scratch.resolve(output).resolve(String.format("tile-%06d.raw", index));
  }

  /** Writes tile {@code index} of each of {@code nodes} from {@code volumes}; returns the bytes written. */
  public static long writeAll(Location scratch, java.util.List<String> nodes, java.util.Map<String, Volume> volumes,
      int index) {
    long bytes = 0;
    for (String node : nodes) {
      bytes += write(file(scratch, node, index), volumes.get(node));
    }
    return bytes;
  }

  /** Writes {@code tile} atomically; returns the bytes written. */
  public static long write(Location file, Volume tile) {
    file.parent().createDirectories();
    file.write(out -> writeTo(out, tile), false);
    return HEADER + 4L * tile.data().length;
  }

  private static void writeTo(OutputStream out, Volume tile) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC);
    for (int d = 0; d < 3; d++) {
      header.putLong(tile.box().min(d));
    }
    for (int d = 0; d < 3; d++) {
      header.putLong(tile.box().max(d));
    }
    header.putInt(tile.channels());
    out.write(header.array());
    float[] data = tile.data();
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int start = 0; start < data.length; start += CHUNK) {
      int n = Math.min(CHUNK, data.length - start);
      chunk.clear();
      chunk.asFloatBuffer().put(data, start, n);
      out.write(chunk.array(), 0, n * 4);
    }
  }

  /**
   * The part of a tile written by {@link #write} with {@code z0 <= z < z1} (clipped to the tile),
   * read by range: each channel's z planes are contiguous in the file.
   */
  static Volume read(Location file, long z0, long z1) {
    try (ReadableFile.PositionalReads channel = file.readable().openPositional()) {
      Header h = Header.read(channel, file);
      Box box = h.box();
      int channels = h.channels();
      long from = Math.max(z0, box.min(2));
      long to = Math.max(from, Math.min(z1, box.max(2)));
      Volume part = Volume.zeros(Box.of(box.min(0), box.min(1), from, box.max(0), box.max(1), to), channels);
      long plane = box.extent().x() * box.extent().y();
      int perChannel = part.voxelsPerChannel();
      float[] out = part.data();
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int c = 0; c < channels; c++) {
        long position = HEADER + 4L * (c * box.voxelCount() + (from - box.min(2)) * plane);
        for (int start = 0; start < perChannel; start += CHUNK) {
          int n = Math.min(CHUNK, perChannel - start);
          chunk.clear().limit(n * 4);
          readFully(channel, chunk, position + 4L * start, file);
          chunk.flip();
          chunk.asFloatBuffer().get(out, c * perChannel + start, n);
        }
      }
      return part;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tile scratch file " + file, e);
    }
  }

  /**
   * The voxels of {@code region} (clipped to the tile) of a tile written by {@link #write}, read
   * by range: one read per channel and z plane, spanning the rows the region needs (whole rows
   * in between), so a face of a neighbouring tile costs its planes or rows, and only a face
   * across x costs its tile's planes whole.
   */
  public static Volume readRegion(Location file, Box region) {
    try (ReadableFile.PositionalReads channel = file.readable().openPositional()) {
      Header h = Header.read(channel, file);
      Box box = h.box();
      int channels = h.channels();
      Box part = box.intersect(region);
      Volume out = Volume.zeros(part, channels);
      if (part.isEmpty()) {
        return out;
      }
      long bx = box.extent().x();
      long plane = bx * box.extent().y();
      int nx = (int) part.extent().x();
      int ny = (int) part.extent().y();
      int span = (int) ((ny - 1) * bx + nx);
      ByteBuffer bytes = ByteBuffer.allocate(span * 4).order(ByteOrder.LITTLE_ENDIAN);
      java.nio.FloatBuffer floats = bytes.asFloatBuffer();
      float[] data = out.data();
      int at = 0;
      for (int c = 0; c < channels; c++) {
        for (long z = part.min(2); z < part.max(2); z++) {
          long first = c * box.voxelCount() + (z - box.min(2)) * plane + (part.min(1) - box.min(1)) * bx
              + (part.min(0) - box.min(0));
          bytes.clear();
          readFully(channel, bytes, HEADER + 4L * first, file);
          for (int y = 0; y < ny; y++) {
            floats.get((int) (y * bx), data, at, nx);
            at += nx;
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tile scratch file " + file, e);
    }
  }

  /** The box and channel count a tile file starts with. */
  private record Header(Box box, int channels) {
    static Header read(ReadableFile.PositionalReads channel, Location file) throws IOException {
      ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, header, 0, file);
      header.flip();
      byte[] magic = new byte[MAGIC.length];
      header.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new VoxtileException(file + ": not a voxtile tile scratch file");
      }
      long[] v = new long[6];
      for (int i = 0; i < 6; i++) {
        v[i] = header.getLong();
      }
      return new Header(Box.of(v[0], v[1], v[2], v[3], v[4], v[5]), header.getInt());
    }
  }

  private static void readFully(ReadableFile.PositionalReads channel, ByteBuffer buffer, long position,
      Location file) throws IOException {
    try {
      channel.readFully(position, buffer);
    } catch (java.io.EOFException e) {
      throw new VoxtileException(file + ": tile scratch file is truncated");
    }
  }
}
