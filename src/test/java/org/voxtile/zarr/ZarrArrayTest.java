package org.voxtile.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.network.pipeline.StrictYaml;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/** The writer against zarr-python: the same chunk files byte for byte, and metadata zarr reads as the same array. */
class ZarrArrayTest {
  @TempDir Path dir;

  /** plain_f4.nii.gz's values written as tiles of the chunk grid (2 channels, chunk x 4, y 3, z 2). */
  private ZarrArray writeTiles(Path at) {
    Volume all;
    try (NiftiReader reader = NiftiReader.open(ZarrFixtures.path("plain_f4.nii.gz"))) {
      all = reader.readAll();
    }
    ZarrMetadata meta = new ZarrMetadata(new long[] {2, 5, 7, 9}, new int[] {2, 2, 3, 4}, ZarrDtype.FLOAT32,
        ZarrCompressor.ZLIB, 0, "/");
    ZarrArray array = ZarrArray.create(Location.of(at), meta);
    for (Box cell : all.box().grid(org.voxtile.geometry.Extent.of(4, 3, 2))) {
      array.writeChunks(all.crop(cell));
    }
    array.writeMetadata();
    return array;
  }

  @Test
  void chunkFilesAreByteForByteWhatZarrPythonWrites() throws IOException {
    writeTiles(dir.resolve("a"));
    Path reference = ZarrFixtures.path("writer_f4_zlib1.zarr");
    List<Path> expected;
    try (Stream<Path> files = Files.walk(reference)) {
      expected = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    assertEquals(3 * 3 * 3, expected.size()); // z, y, x: 3 cells each; one cell of both channels
    for (Path file : expected) {
      Path mine = dir.resolve("a").resolve(reference.relativize(file).toString());
      assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(mine), "chunk " + reference.relativize(file));
    }
    try (Stream<Path> files = Files.walk(dir.resolve("a"))) {
      assertEquals(expected.size() + 1, files.filter(Files::isRegularFile).count(), "the chunks and .zarray");
    }
  }

  @Test
  void metadataSaysWhatZarrPythonsSays() throws IOException {
    writeTiles(dir.resolve("a"));
    Object mine = StrictYaml.loadJson(Files.readString(dir.resolve("a/.zarray")), "mine");
    Object theirs = StrictYaml.loadJson(Files.readString(ZarrFixtures.path("writer_f4_zlib1.zarr/.zarray")), "theirs");
    assertEquals(ZarrMetadata.parse(theirs, "theirs"), ZarrMetadata.parse(mine, "mine"));
  }

  @Test
  void whatIsWrittenReadsBackAndEdgeChunksArePaddedToFullSize() {
    ZarrArray array = writeTiles(dir.resolve("a"));
    ZarrArray back = ZarrArray.open(array.directory());
    try (NiftiReader reader = NiftiReader.open(ZarrFixtures.path("plain_f4.nii.gz"))) {
      assertArrayEquals(reader.readAll().data(), back.read(back.box()).data());
    }
    // the last x cell holds one column (x 8): stored whole, 4 wide
    assertEquals(array.chunkFile(new long[] {0, 0, 0, 0}).size() > 0, true);
    assertTrue(Files.exists(dir.resolve("a/0/2/2/2")));
  }

  @Test
  void aBoxThatIsNotOneCellOfTheChunkGridIsRefused() {
    ZarrMetadata meta = new ZarrMetadata(new long[] {1, 4, 4, 4}, new int[] {1, 2, 2, 2}, ZarrDtype.FLOAT32,
        ZarrCompressor.NONE, 0, "/");
    ZarrArray array = ZarrArray.create(Location.of(dir.resolve("b")), meta);
    assertThrows(IllegalArgumentException.class, () -> array.writeChunks(Volume.zeros(Box.of(1, 0, 0, 3, 2, 2), 1)));
    assertThrows(IllegalArgumentException.class, () -> array.writeChunks(Volume.zeros(Box.of(0, 0, 0, 4, 2, 2), 1)));
    assertFalse(Files.exists(dir.resolve("b")));
  }

  @Test
  void integerDtypesRoundTripWholeValuesAndFloat64KeepsFloat32Values() {
    for (String type : List.of("uint8", "int8", "uint16", "int16", "int32", "uint32", "float64")) {
      ZarrDtype dtype = ZarrDtype.ofNumpyName(type);
      float[] values = type.startsWith("u") ? new float[] {0, 1, 127, 255} : new float[] {-128, -1, 0, 127};
      float[] back = new float[values.length];
      dtype.decode(dtype.encode(values), values.length, back);
      assertArrayEquals(values, back, type);
      assertEquals(dtype, ZarrDtype.parse(dtype.label()));
    }
  }
}
