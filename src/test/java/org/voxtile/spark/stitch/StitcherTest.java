package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.BoxGrid;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.storage.Location;
import org.voxtile.tiling.Tile;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

class StitcherTest {
  @TempDir
  Path temp;

  private Volume random(Extent extent, int channels, long seed) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = random.nextFloat();
    }
    return v;
  }

  /** Writes the volume's tiles to scratch, stitches them with {@code slabBytes}, reads back. */
  private Volume roundTrip(Volume volume, Extent tileExtent, long slabBytes, String name) {
    Path file = temp.resolve(name + ".nii");
    stitch(volume, tileExtent, slabBytes, name, OutputDatatype.FLOAT32, List.of(file));
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
    }
  }

  private void stitch(Volume volume, Extent tileExtent, long slabBytes, String name, OutputDatatype datatype,
      List<Path> files) {
    Path scratch = temp.resolve("scratch-" + name);
    BoxGrid grid = volume.box().grid(tileExtent);
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < grid.size(); i++) {
      Box cell = grid.get(i);
      tiles.add(new Tile(i, Map.of("out", cell)));
      TileScratch.write(TileScratch.file(Location.of(scratch), "out", i), volume.crop(cell));
    }
    Stitcher.stitch(Location.of(scratch), "out", datatype, tiles, volume.box().extent(), volume.channels(),
        Orientation.UNKNOWN, files.stream().map(Location::of).toList(), slabBytes, TileArrivals.ALL_WRITTEN,
        piece -> {});
  }

  /** Whole numbers 0 to 255, the ends included. */
  private Volume labels(Extent extent, int channels, long seed) {
    Random random = new Random(seed);
    Volume v = Volume.zeros(Box.of(extent), channels);
    for (int i = 0; i < v.data().length; i++) {
      v.data()[i] = i == 0 ? 255 : random.nextInt(256);
    }
    return v;
  }

  @Test
  void labelMapsAreWrittenUnscaledInTheirDatatypeSplitOrNot() {
    Volume volume = labels(Extent.of(7, 5, 9), 2, 3);
    Path whole = temp.resolve("labels.nii.gz");
    stitch(volume, Extent.of(3, 2, 4), 4L * 2 * 7 * 5, "labels", OutputDatatype.UINT8, List.of(whole));
    List<Path> split = List.of(temp.resolve("labels_c0.nii"), temp.resolve("labels_c1.nii"));
    stitch(volume, Extent.of(3, 2, 4), Stitcher.SLAB_BYTES, "split", OutputDatatype.UINT8, split);
    try (NiftiReader reader = NiftiReader.open(whole); NiftiReader c1 = NiftiReader.open(split.get(1))) {
      for (NiftiReader r : List.of(reader, c1)) {
        assertEquals(NiftiDataType.UINT8, r.header().datatype());
        assertFalse(r.header().isScaled(), "labels, not a rescaled range");
        assertEquals(1.0, r.header().sclSlope());
        assertEquals(0.0, r.header().sclInter());
      }
      assertArrayEquals(volume.data(), reader.readAll().data());
      assertArrayEquals(volume.channels(1, 1).data(), c1.readAll().data(), "--split-channels keeps the datatype");
    }
  }

  @Test
  void aValueItsDatatypeCannotHoldStopsTheStitchAndLeavesNoFile() throws Exception {
    float[] bad = {2.5f, -1, 256, Float.NaN, Float.POSITIVE_INFINITY};
    OutputDatatype[] types = {OutputDatatype.UINT8, OutputDatatype.UINT8, OutputDatatype.UINT8,
        OutputDatatype.INT16, OutputDatatype.INT16};
    for (int k = 0; k < bad.length; k++) {
      Volume volume = labels(Extent.of(6, 5, 8), 2, k);
      // the voxel the message names sits in the last slab, after the first slabs were written
      volume.set(1, 4, 3, 7, bad[k]);
      Path dir = Files.createDirectories(temp.resolve("bad-" + k));
      Path file = dir.resolve("labels.nii.gz");
      OutputDatatype type = types[k];
      String name = "bad-" + k;
      OutputValueException e = assertThrows(OutputValueException.class, () -> stitch(volume, Extent.of(3, 5, 3),
          4L * 2 * 6 * 5, name, type, List.of(file)));
      assertEquals("output 'out' is written as " + types[k].label() + ", which holds " + types[k].range()
          + ", but voxel (4, 3, 7) of channel 1 is " + bad[k] + ": round, clamp or argmax it in the pipeline, or "
          + "write it as float32; nothing was written", e.getMessage());
      try (var left = Files.list(dir)) {
        assertEquals(List.of(), left.toList(), "no file, not even a hidden temporary one");
      }
      assertEquals("scan 's1': " + e.getMessage(), e.inScan("s1").getMessage());
    }
  }

  @Test
  void slabsThinnerThanTilesGiveTheSameFile() throws Exception {
    long seed = new Random().nextLong();
    Volume volume = random(Extent.of(7, 5, 9), 2, seed);
    Volume whole = roundTrip(volume, Extent.of(3, 2, 4), Stitcher.SLAB_BYTES, "whole");
    Volume thin = roundTrip(volume, Extent.of(3, 2, 4), 4L * 2 * 7 * 5, "one-plane"); // one z plane at a time
    Volume odd = roundTrip(volume, Extent.of(3, 2, 4), 4L * 2 * 7 * 5 * 3, "three-planes");
    assertArrayEquals(volume.data(), whole.data(), "seed " + seed);
    assertArrayEquals(volume.data(), thin.data(), "seed " + seed);
    assertArrayEquals(volume.data(), odd.data(), "seed " + seed);
    try (var files = Files.list(temp.resolve("scratch-one-plane").resolve("out"))) {
      assertEquals(0, files.count(), "tile files deleted once stitched");
    }
  }

  @Test
  void readsAZRangeOfATileByRange() {
    Volume tile = random(Extent.of(4, 3, 6), 3, 7).crop(Box.of(0, 0, 0, 4, 3, 6));
    Location file = Location.of(temp.resolve("t.raw"));
    TileScratch.write(file, tile);
    Volume part = TileScratch.read(file, 2, 5);
    assertEquals(Box.of(0, 0, 2, 4, 3, 5), part.box());
    assertArrayEquals(tile.crop(Box.of(0, 0, 2, 4, 3, 5)).data(), part.data());
    assertEquals(0, TileScratch.read(file, 6, 9).box().voxelCount(), "outside the tile: empty");
  }

  @Test
  void readsEachTileOnlyAfterItArrivesAndInTileOrder() throws Exception {
    Volume volume = random(Extent.of(6, 5, 8), 2, 11);
    BoxGrid grid = volume.box().grid(Extent.of(3, 5, 3));
    Location scratch = Location.of(temp.resolve("lazy"));
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < grid.size(); i++) {
      tiles.add(new Tile(i, Map.of("out", grid.get(i))));
    }
    // a job that writes tile i only when the stitcher waits for it: reading any tile before
    // waiting for it would find no file
    List<Integer> awaited = new ArrayList<>();
    TileArrivals lazy = (dir, node, index) -> {
      awaited.add(index);
      TileScratch.write(TileScratch.file(dir, node, index), volume.crop(grid.get(index)));
    };
    Path file = temp.resolve("lazy.nii");
    Stitcher.stitch(scratch, "out", OutputDatatype.FLOAT32, tiles, volume.box().extent(), volume.channels(),
        Orientation.UNKNOWN, List.of(Location.of(file)), 4L * 2 * 6 * 5, lazy, piece -> {});
    try (NiftiReader reader = NiftiReader.open(file)) {
      assertArrayEquals(volume.data(), reader.readAll().data());
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5), awaited, "one wait per tile, in tile (slab) order");
  }
}
