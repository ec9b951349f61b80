package org.voxtile.spark.stitch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiStreamWriter;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Tile;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Streams one output node's tiles from the scratch directory into its NIfTI file(s), one z-slab
 * of tiles at a time: the tiles are in x, y, z order, so the tiles sharing a z range are
 * consecutive and together cover the slab. A slab is written in pieces of at most
 * {@link #SLAB_BYTES} (whole x and y, as many z planes as fit, at least one), each tile read by
 * range, so the driver's memory depends neither on the volume nor on the tile depth; each slab's
 * tile files are deleted once written. Slabs are written as their tiles arrive ({@link TileArrivals}):
 * while the job runs, the driver writes what is done.
 *
 * <p>Outputs on a Hadoop file system are assembled in a temporary directory on the driver's local
 * disk ({@code java.io.tmpdir}; a NIfTI file is channel-major, so it is written by position and
 * cannot be streamed in z order), then copied to their location under a temporary name, hsynced
 * and renamed.
 */
public final class Stitcher {
  /** The most output bytes the driver assembles at once (unless one z plane is larger). */
  public static final long SLAB_BYTES = 64L << 20;

  private Stitcher() {}

  /**
   * Writes {@code node}'s tiles to {@code files} as float32: one file with every channel, or
   * (split) one file per channel.
   *
   * @return bytes of the finished files
   */
  public static long stitch(Location scratch, String node, List<Tile> tiles, Extent extent, int channels,
      Orientation orientation, List<Location> files) {
    return stitch(scratch, node, OutputDatatype.FLOAT32, tiles, extent, channels, orientation, files, SLAB_BYTES,
        TileArrivals.ALL_WRITTEN, piece -> {});
  }

  /**
   * As above, in {@code datatype} (an integer type unscaled, each value checked to fit), assembling
   * at most {@code slabBytes} of output at once (at least one z plane), each tile read once
   * {@code arrivals} says it is written; {@code pieces} sees every assembled piece (all channels,
   * in z order) before it is written, e.g. to keep the preview's slices.
   *
   * @throws OutputValueException when a value does not fit {@code datatype}; no file is left
   */
  public static long stitch(Location scratch, String node, OutputDatatype datatype, List<Tile> tiles, Extent extent,
      int channels, Orientation orientation, List<Location> files, long slabBytes, TileArrivals arrivals,
      Consumer<Volume> pieces) {
    Output output = new Output(node, datatype, extent, channels, orientation);
    return write(output, files, pieces, sink -> tileRows(scratch, output, tiles, slabBytes, arrivals, sink));
  }

  /** Where assembled pieces go: checked against the datatype and written, in z order. */
  interface PieceSink {
    void accept(Volume piece) throws IOException;
  }

  /** Produces an output's pieces, whole x and y, in z order, covering the output once. */
  interface Assembly {
    void assemble(PieceSink sink) throws IOException;
  }

  /**
   * Writes the pieces {@code assembly} produces into {@code files}: directly when they are local,
   * else assembled on the driver's local disk and copied (a NIfTI file cannot be streamed in z order).
   *
   * @return bytes of the finished files
   */
  static long write(Output output, List<Location> files, Consumer<Volume> pieces, Assembly assembly) {
    List<Path> paths = files.stream().flatMap(file -> file.localPath().stream()).toList();
    if (paths.size() == files.size()) {
      return writeLocal(output, paths, pieces, assembly);
    }
    Path local = null;
    try {
      local = Files.createTempDirectory("voxtile-stitch-");
      List<Path> assembled = new ArrayList<>();
      for (Location file : files) {
        assembled.add(local.resolve(file.fileName()));
      }
      long bytes = writeLocal(output, assembled, pieces, assembly);
      for (int i = 0; i < files.size(); i++) {
        Path from = assembled.get(i);
        files.get(i).write(out -> Files.copy(from, out), true);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stitch " + output.node() + " on the driver's local disk", e);
    } finally {
      if (local != null) {
        Location.of(local).delete();
      }
    }
  }

  /** What is written: the node, its datatype and its grid. */
  record Output(String node, OutputDatatype datatype, Extent extent, int channels, Orientation orientation) {
    NiftiWriteOptions options() {
      return datatype.isInteger() ? NiftiWriteOptions.unscaled(NiftiDataType.fromLabel(datatype.label()))
          : NiftiWriteOptions.DEFAULTS;
    }
  }

  private static long writeLocal(Output output, List<Path> files, Consumer<Volume> pieces, Assembly assembly) {
    int channels = output.channels();
    boolean split = files.size() > 1;
    List<NiftiStreamWriter> writers = new ArrayList<>();
    try {
      for (Path file : files) {
        writers.add(NiftiStreamWriter.open(file, Box.of(output.extent()), split ? 1 : channels,
            output.orientation(), output.options()));
      }
      assembly.assemble(piece -> {
        pieces.accept(piece);
        OutputValueException.check(piece, output.node(), output.datatype());
        if (writers.size() == 1) {
          writers.get(0).write(piece);
        } else {
          for (int c = 0; c < channels; c++) {
            writers.get(c).write(piece.channels(c, 1));
          }
        }
      });
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
      throw new UncheckedIOException("cannot stitch " + output.node(), e);
    } catch (RuntimeException e) {
      writers.forEach(NiftiStreamWriter::abort);
      throw e;
    }
  }

  /** The tiles' pieces: a z-slab of tiles at a time, each tile read once it has arrived. */
  private static void tileRows(Location scratch, Output output, List<Tile> tiles, long slabBytes,
      TileArrivals arrivals, PieceSink sink) throws IOException {
    String node = output.node();
    Box region = Box.of(output.extent());
    int i = 0;
    while (i < tiles.size()) {
      Box first = tiles.get(i).outputs().get(node);
      int end = i;
      while (end < tiles.size() && sameSlab(first, tiles.get(end).outputs().get(node))) {
        end++;
      }
      if (first.max(2) > first.min(2)) { // a row of a small output can be empty along z
        for (Tile tile : tiles.subList(i, end)) {
          if (!tile.outputs().get(node).isEmpty()) {
            arrivals.await(scratch, node, tile.index());
          }
        }
        writeSlab(scratch, output, tiles.subList(i, end), region, first, slabBytes, sink);
      }
      i = end;
    }
  }

  private static boolean sameSlab(Box a, Box b) {
    return a.min(2) == b.min(2) && a.max(2) == b.max(2);
  }

  private static void writeSlab(Location scratch, Output output, List<Tile> row, Box region, Box first,
      long slabBytes, PieceSink sink) throws IOException {
    String node = output.node();
    int channels = output.channels();
    long planeBytes = 4L * channels * region.extent().x() * region.extent().y();
    long planes = Math.max(1, slabBytes / planeBytes);
    for (long z0 = first.min(2); z0 < first.max(2); z0 += planes) {
      long z1 = Math.min(first.max(2), z0 + planes);
      Box pieceBox = Box.of(region.min(0), region.min(1), z0, region.max(0), region.max(1), z1);
      Volume piece = Volume.zeros(pieceBox, channels);
      for (Tile tile : row) {
        Box box = tile.outputs().get(node);
        if (!box.isEmpty()) {
          Volume part = TileScratch.read(TileScratch.file(scratch, node, tile.index()), z0, z1);
          if (!box.contains(part.box())) {
            // another run wrote this scratch file: stitching it would leave voxels of this tile unset
            throw new VoxtileException("scratch tile " + tile.index() + " of '" + node + "' holds " + part.box()
                + " but the tile is " + box + ": another run is using " + scratch.parent()
                + "; run one job per output directory");
          }
          Volume.copyRegion(part, piece, part.box());
        }
      }
      sink.accept(piece);
    }
    for (Tile tile : row) {
      if (!tile.outputs().get(node).isEmpty()) {
        TileScratch.file(scratch, node, tile.index()).delete();
      }
    }
  }
}
