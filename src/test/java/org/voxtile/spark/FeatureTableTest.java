package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.ops.PoolMode;
import org.voxtile.ops.SpatialPyramidPooling;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

class FeatureTableTest {
  @TempDir
  Path temp;

  private Map<String, Path> randomScan(long seed, Extent extent) {
    Random random = new Random(seed);
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (String name : List.of("t1", "t2")) {
      float[] data = new float[(int) extent.voxelCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) (100 * random.nextGaussian());
      }
      Path file = temp.resolve(name + ".nii");
      NiftiWriter.write(file, Volume.wrap(Box.of(extent), 1, data), NiftiWriteOptions.DEFAULTS);
      inputs.put(name, file);
    }
    return inputs;
  }

  private static float[] spp(SparkSession spark, String feature) {
    List<Row> rows = spark.sql("SELECT value FROM features WHERE feature = '" + feature
        + "' ORDER BY level, channel, bin").collectAsList();
    float[] out = new float[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) rows.get(i).getDouble(0);
    }
    return out;
  }

  @Test
  void sppFromTilesEqualsPoolingTheWholeMap() throws Exception {
    long seed = TestSeed.of("FeatureTableTest");
    Map<String, Path> inputs = randomScan(seed, Extent.of(21, 17, 19));
    SparkSession spark = SparkTestSession.get();
    for (String mode : List.of("max", "avg")) {
      Path pipeline = temp.resolve(mode + ".yaml");
      Files.writeString(pipeline, VoxtileJobTest.STRIDED.formatted(mode));
      Path out = temp.resolve("out-" + mode);
      VoxtileJob.run(spark, RunPlan.single(pipeline, Scan.ofFiles("s1", inputs), out).withTile(Extent.of(4, 6, 8)),
          new PrintStream(new ByteArrayOutputStream()));
      Volume c2 = VoxtileJobTest.whole(pipeline, inputs).get("c2");
      float[] expected = new SpatialPyramidPooling(new int[] {1, 2, 3},
          mode.equals("max") ? PoolMode.MAX : PoolMode.AVG).features(c2);
      float[] actual = spp(spark, "spp_" + mode);
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        if (mode.equals("max")) {
          assertEquals(expected[i], actual[i], TestSeed.describe(seed) + " bin " + i);
        } else {
          assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), TestSeed.describe(seed) + " bin " + i);
        }
      }
      assertTrue(Files.isDirectory(out.resolve("features.parquet")));
      assertEquals(actual.length + 0L, spark.read().parquet(out.resolve("features.parquet").toString())
          .where("feature = 'spp_" + mode + "'").count());
    }
  }

  @Test
  void channelStatisticsCoverEveryVoxelOnce() throws Exception {
    Map<String, Path> inputs = randomScan(11, Extent.of(13, 11, 9));
    SparkSession spark = SparkTestSession.get();
    Path pipeline = temp.resolve("max.yaml");
    Files.writeString(pipeline, VoxtileJobTest.STRIDED.formatted("max"));
    VoxtileJob.Result result = VoxtileJob.run(spark, RunPlan.single(pipeline, Scan.ofFiles("s2", inputs),
        temp.resolve("out")).withTile(Extent.of(2, 4, 2)), new PrintStream(new ByteArrayOutputStream()));
    Volume t1 = readInput(inputs.get("t1"));
    float[] sorted = t1.data().clone();
    Arrays.sort(sorted);
    Map<String, Double> stats = new LinkedHashMap<>();
    for (Row r : result.features().orElseThrow()
        .where("scan_id = 's2' AND node = 't1' AND channel = 0").collectAsList()) {
      stats.put(r.getString(r.fieldIndex("feature")), r.getDouble(r.fieldIndex("value")));
    }
    assertEquals(sorted.length, stats.get("count"));
    assertEquals(sorted[0], stats.get("min"));
    assertEquals(sorted[sorted.length - 1], stats.get("max"));
    double mean = 0;
    for (float v : sorted) {
      mean += v;
    }
    mean /= sorted.length;
    assertEquals(mean, stats.get("mean"), 1e-9 * 100);
    for (int p : ScanRun.PERCENTILES) {
      double exact = sorted[(int) Math.round(p / 100.0 * (sorted.length - 1))];
      double got = stats.get(String.format("p%02d", p));
      assertEquals(exact, got, 0.01 * Math.abs(exact) + 1e-3, "p" + p);
    }
  }

  private static Volume readInput(Path file) {
    try (var reader = org.voxtile.nifti.NiftiReader.open(file)) {
      return reader.readAll();
    }
  }

  @Test
  void readsAParquetManifest() {
    SparkSession spark = SparkTestSession.get();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("scan_id", "string").add("t1", "string").add("t2", "string");
    Path parquet = temp.resolve("scans.parquet");
    spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("s1", "a/t1.nii", "/b/t2.nii")), schema)
        .write().parquet(parquet.toString());
    List<Scan> scans = ScanLists.manifest(spark, parquet);
    assertEquals("s1", scans.get(0).id());
    assertEquals(Location.of(temp.resolve("a/t1.nii").toAbsolutePath()), scans.get(0).inputs().get("t1"));
    assertEquals(Location.of(Path.of("/b/t2.nii")), scans.get(0).inputs().get("t2"));
  }
}
