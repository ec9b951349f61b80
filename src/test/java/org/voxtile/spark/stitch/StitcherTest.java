package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    Path scratch = temp.resolve("scratch-" + name);
    BoxGrid grid = volume.box().grid(tileExtent);
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < grid.size(); i++) {
      Box cell = grid.get(i);
      tiles.add(new Tile(i, Map.of("out", cell)));
      TileScratch.write(TileScratch.file(Location.of(scratch), "out", i), volume.crop(cell));
    }
    Path file = temp.resolve(name + ".nii");
    Stitcher.stitch(Location.of(scratch), "out", tiles, volume.box().extent(), volume.channels(),
        Orientation.UNKNOWN, List.of(Location.of(file)), slabBytes, TileArrivals.ALL_WRITTEN, piece -> {});
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
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
    Stitcher.stitch(scratch, "out", tiles, volume.box().extent(), volume.channels(), Orientation.UNKNOWN,
        List.of(Location.of(file)), 4L * 2 * 6 * 5, lazy, piece -> {});
    try (NiftiReader reader = NiftiReader.open(file)) {
      assertArrayEquals(volume.data(), reader.readAll().data());
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5), awaited, "one wait per tile, in tile (slab) order");
  }
}
