package org.voxtile.spark.stitch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.storage.Location;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.SlidingWindowRunner;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * The driver's slab-by-slab blend of the windows' scratch files is the single-JVM runner's blend
 * bit for bit, whatever the slab (one z plane, a few, the whole output), with the window files
 * arriving in any order, and the windows' files are gone afterwards.
 */
class WindowBlenderTest {
  @TempDir Path temp;

  @Test
  void everySlabSizeGivesTheInMemoryBlendsBits() throws Exception {
    Extent scan = Extent.of(23, 17, 11);
    Random random = new Random(20261208);
    float[] data = new float[2 * (int) scan.voxelCount()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    Volume input = Volume.wrap(Box.of(scan), 2, data);
    Path golden = Path.of("src/test/resources/golden/sliding/pipeline.yaml");
    for (Extent roi : List.of(Extent.of(10, 12, 14), Extent.of(8, 16, 4))) {
      Inference inference = new Inference(true, roi, 0.5, Inference.Blend.GAUSSIAN, List.of(0.125, 0.125, 0.125),
          0.5f, "test");
      NetworkBuilder.Built built = Pipeline.load(golden, Optional.empty(), Map.of("t1", 1, "t2", 1), roi);
      SlidingWindowRunner runner = SlidingWindowRunner.of(built.network(), scan, inference);
      Volume expected = runner.run(InputSource.of(input)).get("out");
      for (long slabBytes : List.of(1L, 4L * 3 * 23 * 17 * 3, 1L << 30)) {
        Location scratch = Location.of(Files.createTempDirectory(temp, "scratch"));
        List<Box> windows = runner.windows().windows();
        List<Integer> order = new ArrayList<>();
        for (int i = windows.size() - 1; i >= 0; i--) { // written last to first: only the blend's order counts
          order.add(i);
          TileScratch.write(TileScratch.file(scratch, "out", i), runner.weighted(InputSource.of(input), windows.get(i))
              .get("out"));
        }
        Path file = temp.resolve("out-" + roi.x() + "-" + slabBytes + ".nii");
        WindowBlender.blend(scratch, "out", OutputDatatype.FLOAT32, runner, 2, Orientation.UNKNOWN,
            List.of(Location.of(file)), slabBytes, TileArrivals.ALL_WRITTEN, piece -> {});
        try (NiftiReader reader = NiftiReader.open(file)) {
          Volume got = reader.readAll();
          assertEquals(scan, got.extent());
          assertArrayEquals(expected.data(), got.data(), roi + ", slabs of " + slabBytes + " bytes");
        }
        for (int i : order) {
          assertFalse(TileScratch.file(scratch, "out", i).exists(), "window " + i + "'s file is deleted");
        }
      }
      assertTrue(runner.windows().windows().size() > 2, roi + ": windows overlap");
    }
  }
}
