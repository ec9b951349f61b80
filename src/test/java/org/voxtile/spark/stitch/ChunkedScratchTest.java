package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NodeShape;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/**
 * A materialised map in storage reads back, by any box (a tile with its halo, across chunk
 * corners, one voxel, the whole map), exactly the voxels its chunks were written with; a copy
 * shipped to another JVM (serialised, as to an executor) reads what the driver's copy wrote.
 */
class ChunkedScratchTest {
  @TempDir Path temp;

  @Test
  void anyBoxReadsBackTheVoxelsTheChunksWrote() throws Exception {
    Random random = new Random(11);
    Extent extent = Extent.of(23, 17, 11);
    int channels = 3;
    Volume whole = Volume.zeros(Box.of(extent), channels);
    float[] data = whole.data();
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat() - 0.5f;
    }
    List<Box> chunks = new ArrayList<>();
    for (Box chunk : Box.of(extent).grid(Extent.of(7, 5, 4))) {
      chunks.add(chunk);
    }
    ChunkedScratch writer = new ChunkedScratch(Location.of(temp.resolve("stages")), Map.of("enc", chunks),
        Map.of("enc", channels));
    writer.create("enc", new NodeShape(extent, channels));
    for (Box chunk : chunks) {
      writer.write("enc", whole.crop(chunk));
    }
    assertEquals(chunks.size(), temp.resolve("stages").resolve("enc").toFile().list().length);
    ChunkedScratch reader = shipped(writer);
    List<Box> boxes = new ArrayList<>(List.of(Box.of(extent), Box.of(0, 0, 0, 1, 1, 1), Box.of(6, 4, 3, 8, 6, 5),
        Box.of(7, 5, 4, 14, 10, 8), Box.of(22, 16, 10, 23, 17, 11)));
    for (int i = 0; i < 40; i++) {
      long[] lo = new long[3];
      long[] hi = new long[3];
      for (int d = 0; d < 3; d++) {
        lo[d] = random.nextInt((int) extent.get(d));
        hi[d] = lo[d] + 1 + random.nextInt((int) (extent.get(d) - lo[d]));
      }
      boxes.add(Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]));
    }
    for (Box box : boxes) {
      Volume read = reader.read("enc", box);
      assertEquals(box, read.box());
      assertArrayEquals(whole.crop(box).data(), read.data(), box.toString());
    }
    assertTrue(reader.bytesRead() >= 4L * channels * boxes.stream().mapToLong(Box::voxelCount).sum());
    assertEquals(4L * data.length + chunks.size() * 60L, writer.bytesWritten(), "voxels plus one header per chunk");
  }

  @Test
  void onlyTheWritingStagesTilesWriteAndOnlyTheMapIsRead() {
    Extent extent = Extent.of(4, 4, 4);
    List<Box> chunks = List.of(Box.of(0, 0, 0, 4, 4, 2), Box.of(0, 0, 2, 4, 4, 4));
    ChunkedScratch scratch = new ChunkedScratch(Location.of(temp.resolve("s")), Map.of("m", chunks), Map.of("m", 1));
    scratch.create("m", new NodeShape(extent, 1));
    VoxtileException notAChunk = assertThrows(VoxtileException.class,
        () -> scratch.write("m", Volume.zeros(Box.of(0, 0, 0, 2, 2, 2), 1)));
    assertTrue(notAChunk.getMessage().contains("'m'"), notAChunk.getMessage());
    assertThrows(VoxtileException.class, () -> scratch.create("other", new NodeShape(extent, 1)));
    scratch.write("m", Volume.zeros(chunks.get(0), 1));
    scratch.write("m", Volume.zeros(chunks.get(1), 1));
    assertThrows(VoxtileException.class, () -> scratch.read("m", Box.of(0, 0, 0, 5, 4, 4)));
  }

  private static ChunkedScratch shipped(ChunkedScratch scratch) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(scratch);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (ChunkedScratch) in.readObject();
    }
  }
}
