package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * The same scan and weights give the same output files, byte for byte, whatever the tile size
 * (and so the number of tasks and partitions: one per tile), the number of executor threads
 * ({@code local[1]}, {@code local[2]}), and whether a task failed and was retried (Spark's
 * {@code local[N,F]} retries; {@link InjectedFault} fails the first attempt of one tile after it
 * wrote its scratch files). And the files hold the whole-volume result.
 */
class PartitioningDeterminismTest {
  @TempDir Path temp;

  /** One way to run the job. */
  record Variant(String master, Optional<Extent> tile, String failTile) {}

  @Test
  void outputsAreByteIdenticalWhateverTheTilesThreadsPartitionsAndRetries() throws Exception {
    long seed = TestSeed.of("PartitioningDeterminismTest");
    Map<String, Path> inputs = randomScan(seed, Extent.of(21, 17, 19));
    Path pipeline = Files.writeString(temp.resolve("strided.yaml"), VoxtileJobTest.STRIDED.formatted("max"));
    List<Variant> variants = List.of(
        new Variant("local[1]", Optional.empty(), null),
        new Variant("local[1]", Optional.of(Extent.of(4, 6, 2)), null),
        new Variant("local[2]", Optional.of(Extent.of(5, 9, 13)), null),
        new Variant("local[2]", Optional.of(Extent.cube(100)), null),
        new Variant("local[2,2]", Optional.of(Extent.of(6, 6, 4)), "1"));
    Map<String, Volume> whole = VoxtileJobTest.whole(pipeline, inputs);
    Map<String, byte[]> reference = null;
    SparkSession spark = null;
    try {
      for (Variant v : variants) {
        if (spark == null || !spark.sparkContext().master().equals(v.master())) {
          SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
          if (spark != null) {
            spark.stop();
          }
          spark = SparkSession.builder().master(v.master()).appName("voxtile-determinism")
              .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
        }
        Path out = temp.resolve("out-" + variants.indexOf(v));
        RunPlan plan = RunPlan.single(pipeline, Scan.ofFiles("r", inputs), out);
        int firedBefore = InjectedFault.FIRED.get();
        if (v.failTile() != null) {
          System.setProperty(InjectedFault.PROPERTY, v.failTile());
        }
        try {
          VoxtileJob.run(spark, v.tile().isPresent() ? plan.withTile(v.tile().get()) : plan,
              new PrintStream(new ByteArrayOutputStream()));
        } finally {
          System.clearProperty(InjectedFault.PROPERTY);
        }
        if (v.failTile() != null) {
          assertEquals(firedBefore + 1, InjectedFault.FIRED.get(), "the first attempt failed, the retry passed");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String node : List.of("p1", "up")) {
          files.put(node, Files.readAllBytes(out.resolve(node + ".nii.gz")));
        }
        if (reference == null) {
          reference = files;
          for (String node : files.keySet()) {
            try (NiftiReader reader = NiftiReader.open(out.resolve(node + ".nii.gz"))) {
              assertArrayEquals(whole.get(node).data(), reader.readAll().data(), TestSeed.describe(seed) + ": whole volume, " + node);
            }
          }
        }
        for (String node : files.keySet()) {
          assertArrayEquals(reference.get(node), files.get(node), TestSeed.describe(seed) + ": " + v + ", " + node);
        }
      }
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
    assertTrue(reference != null);
  }

  private Map<String, Path> randomScan(long seed, Extent extent) throws Exception {
    Random random = new Random(seed);
    Orientation orientation = Orientation.of(Affine.ofRowMajor(2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1));
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (String name : List.of("t1", "t2")) {
      float[] data = new float[(int) extent.voxelCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextGaussian();
      }
      Path file = temp.resolve(name + ".nii");
      NiftiWriter.write(file, Volume.wrap(Box.of(extent), 1, data, orientation), NiftiWriteOptions.DEFAULTS);
      inputs.put(name, file);
    }
    return inputs;
  }
}
