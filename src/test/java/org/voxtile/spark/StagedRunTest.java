package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.tiling.CutChoice;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Networks with global nodes run on Spark in stages (one Spark job per statistics pass, then the
 * tile tasks) and write exactly the single-JVM whole-volume result: the same bytes whatever the
 * tile size (one voxel-ish tiles to one tile larger than the scan), whichever choice each cut
 * makes (recompute, materialise to the chunked scratch, or the cost model's), and when the first
 * attempt of one tile's task fails in every stage and Spark retries it ({@code local[2,2]}).
 */
class StagedRunTest {
  /** Every global op, a two-pass percentile selection with a mask, a skip across two cuts. */
  static final String MIXED = """
      name: staged-mix
      inputs: [t1, t2]
      nodes:
        - {name: pct, op: normalize, method: percentile, percentiles: [0.5, 99.5], out_range: [0, 1],
           clip: true, mask: nonzero}
        - {name: c1, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1, init: {seed: 1}}
        - {name: p1, op: max_pool3d, kernel_size: 2, stride: 2}
        - {name: g1, op: group_norm, num_groups: 2, init: {seed: 2}}
        - {name: a1, op: relu}
        - {name: up, op: conv_transpose3d, out_channels: 4, kernel_size: 2, stride: 2, init: {seed: 3}}
        - {name: cat, op: concat, inputs: [up, c1]}
        - {name: n2, op: instance_norm, affine: true, init: {seed: 4}}
        - {name: z, op: normalize, method: zscore, mask: none}
        - {name: out, op: conv3d, out_channels: 2, kernel_size: 3, padding: 1, init: {seed: 5}}
      outputs: [out, a1]
      """;

  /** One way to run a scan. */
  record Variant(Optional<Extent> tile, CutChoice cuts, String failTile) {}

  private static SparkSession spark;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    SparkSession.getDefaultSession().foreach(s -> { s.stop(); return null; });
    spark = SparkSession.builder().master("local[2,2]").appName("voxtile-staged")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyGlobalOpGivesTheWholeResultsBytesWhateverTheTilesCutsAndRetries() throws Exception {
    long seed = TestSeed.of("StagedRunTest");
    Path pipeline = Files.writeString(temp.resolve("mixed.yaml"), MIXED);
    Map<String, Path> scan = randomScan(seed, Extent.of(14, 10, 12), "mixed");
    List<Variant> variants = List.of(
        new Variant(Optional.empty(), CutChoice.AUTO, null),
        new Variant(Optional.of(Extent.of(4, 6, 2)), CutChoice.RECOMPUTE, null),
        new Variant(Optional.of(Extent.of(6, 4, 8)), CutChoice.MATERIALISE, null),
        new Variant(Optional.of(Extent.of(2, 2, 2)), CutChoice.MATERIALISE, "1"),
        new Variant(Optional.of(Extent.cube(100)), CutChoice.RECOMPUTE, "0"));
    assertIdenticalToWhole(pipeline, scan, variants, List.of("out", "a1"), seed);
  }

  @Test
  void theNnUnetStyleExampleGivesTheSameBytesMaterialisedOrRecomputed() throws Exception {
    long seed = TestSeed.of("StagedRunTest.nnunet");
    Map<String, Path> scan = randomScan(seed, Extent.of(13, 9, 13), "nnunet");
    List<Variant> variants = List.of(
        new Variant(Optional.of(Extent.of(5, 4, 6)), CutChoice.MATERIALISE, null),
        new Variant(Optional.of(Extent.of(7, 9, 3)), CutChoice.RECOMPUTE, "2"));
    List<Map<String, Object>> reports = assertIdenticalToWhole(Path.of("conf", "norm", "nnunet-style.yaml"), scan,
        variants, List.of("out"), seed);
    List<Map<String, Object>> materialised = stages(reports.get(0));
    List<Map<String, Object>> recomputed = stages(reports.get(1));
    assertEquals(10, materialised.size(), "one statistics stage per instance_norm");
    assertEquals("e1a_norm", materialised.get(0).get("statistics_of"));
    assertTrue(materialised.stream().allMatch(s -> s.get("choice").equals("materialise")));
    assertTrue(((Number) materialised.get(0).get("scratch_written")).longValue() > 0);
    assertTrue(((Number) materialised.get(1).get("scratch_read")).longValue() > 0, "later stages read the scratch");
    assertTrue(recomputed.stream().allMatch(s -> ((Number) s.get("scratch_written")).longValue() == 0
        && ((Number) s.get("scratch_read")).longValue() == 0));
  }

  @Test
  void anEmptyMaskIsRefusedNamingTheNodeAndScanWithNothingWritten() throws Exception {
    Path pipeline = Files.writeString(temp.resolve("mixed.yaml"), MIXED);
    Map<String, Path> scan = randomScan(7, Extent.of(8, 8, 8), "empty", true);
    Path out = temp.resolve("out-empty");
    VoxtileException e = assertThrows(VoxtileException.class, () -> VoxtileJob.run(spark,
        RunPlan.single(pipeline, Scan.ofFiles("sub-empty", scan), out).withTile(Extent.cube(4)), quiet()));
    assertTrue(e.getMessage().contains("'pct'") && e.getMessage().contains("sub-empty")
        && e.getMessage().contains("mask"), e.getMessage());
    assertFalse(Files.exists(out.resolve(OutputNames.SUCCESS)));
    assertFalse(Files.exists(out.resolve("out.nii.gz")));
    assertFalse(Files.exists(out.resolve(OutputNames.TEMPORARY)), "no scratch left behind");
  }

  /** Runs every variant; asserts identical files that hold the whole result; returns the reports. */
  private List<Map<String, Object>> assertIdenticalToWhole(Path pipeline, Map<String, Path> scan,
      List<Variant> variants, List<String> outputs, long seed) throws Exception {
    Map<String, Volume> whole = VoxtileJobTest.whole(pipeline, scan);
    Map<String, byte[]> reference = null;
    List<Map<String, Object>> reports = new ArrayList<>();
    for (Variant v : variants) {
      Path out = temp.resolve("out-" + pipeline.getFileName() + "-" + variants.indexOf(v));
      RunPlan plan = RunPlan.single(pipeline, Scan.ofFiles("r", scan), out).withCuts(v.cuts());
      int firedBefore = InjectedFault.FIRED.get();
      if (v.failTile() != null) {
        System.setProperty(InjectedFault.PROPERTY, v.failTile());
      }
      VoxtileJob.Result result;
      try {
        result = VoxtileJob.run(spark, v.tile().isPresent() ? plan.withTile(v.tile().get()) : plan, quiet());
      } finally {
        System.clearProperty(InjectedFault.PROPERTY);
      }
      reports.add(result.report());
      if (v.failTile() != null) {
        assertTrue(InjectedFault.FIRED.get() > firedBefore + 1,
            "the tile's first attempt failed in the statistics stages and the final one");
      }
      assertFalse(Files.exists(out.resolve(OutputNames.TEMPORARY)), "stage scratch removed");
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String node : outputs) {
        files.put(node, Files.readAllBytes(out.resolve(node + ".nii.gz")));
        try (NiftiReader reader = NiftiReader.open(out.resolve(node + ".nii.gz"))) {
          assertArrayEquals(whole.get(node).data(), reader.readAll().data(),
              TestSeed.describe(seed) + ": " + v + ", " + node + " against the whole volume");
        }
      }
      if (reference == null) {
        reference = files;
      }
      for (String node : outputs) {
        assertArrayEquals(reference.get(node), files.get(node), TestSeed.describe(seed) + ": " + v + ", " + node);
      }
    }
    return reports;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> stages(Map<String, Object> report) {
    return (List<Map<String, Object>>) report.get("stages");
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  /** Two channels with a zero background (every third voxel), so a non-zero mask is partial. */
  private Map<String, Path> randomScan(long seed, Extent extent, String name) throws Exception {
    return randomScan(seed, extent, name, false);
  }

  /** As above; with {@code emptyT2}, t2 is all zeros (its non-zero mask selects nothing). */
  private Map<String, Path> randomScan(long seed, Extent extent, String name, boolean emptyT2) throws Exception {
    Random random = new Random(seed);
    Orientation orientation = Orientation.of(Affine.ofRowMajor(1.5, 0, 0, -10, 0, 1.5, 0, -20, 0, 0, 2, 5, 0, 0, 0, 1));
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (String channel : List.of("t1", "t2")) {
      float[] data = new float[(int) extent.voxelCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = i % 3 == 0 || emptyT2 && channel.equals("t2") ? 0 : (float) (100 + 20 * random.nextGaussian());
      }
      Path file = temp.resolve(name + "-" + channel + ".nii");
      NiftiWriter.write(file, Volume.wrap(Box.of(extent), 1, data, orientation), NiftiWriteOptions.DEFAULTS);
      inputs.put(channel, file);
    }
    return inputs;
  }
}
