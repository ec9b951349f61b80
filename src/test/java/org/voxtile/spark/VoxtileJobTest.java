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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.spark.output.OutputLock;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.spark.stitch.Preview;
import org.voxtile.storage.Location;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.CutChoice;
import org.voxtile.tiling.InMemoryScratch;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.StagedPlanner;
import org.voxtile.tiling.StagedRunner;
import org.voxtile.tiling.StagingOptions;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

class VoxtileJobTest {
  static final Path SAMPLE_T1 = Path.of("data-samples/phantom_t1.nii.gz");
  static final Path SAMPLE_T2 = Path.of("data-samples/phantom_t2.nii.gz");

  static final String STRIDED = """
      name: strided
      inputs: [t1, t2]
      nodes:
        - {name: c1, op: conv3d, out_channels: 3, kernel_size: 3, padding: 1, init: {seed: 1}}
        - {name: a1, op: relu}
        - {name: p1, op: max_pool3d, kernel_size: 2, stride: 2}
        - {name: c2, op: conv3d, out_channels: 2, kernel_size: 3, padding: 1, init: {seed: 2}}
        - {name: up, op: conv_transpose3d, out_channels: 2, kernel_size: 2, stride: 2, init: {seed: 3}}
      outputs: [p1, up]
      features: {from: c2, spp: {levels: [1, 2, 3], mode: %s}}
      """;

  @TempDir
  Path temp;

  private static VoxtileJob.Result run(RunPlan plan) {
    return VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
  }

  /** The single-JVM whole-volume result: one tile covering every output. */
  static Map<String, Volume> whole(Path pipeline, Map<String, Path> inputs) {
    PipelineSpec spec = Pipeline.read(pipeline);
    try (MultiChannelSource scan = MultiChannelSource.open(inputs)) {
      Extent extent = scan.box().extent();
      NetworkBuilder.Built built = NetworkBuilder.build(spec, Optional.empty(), scan.channelsByInput(), extent);
      Volume input = scan.read(scan.box());
      // one tile per stage: the whole volume at once, global nodes bound to whole-map statistics
      StagedPlan plan = new StagedPlanner(built.network(), extent)
          .plan(StagingOptions.fixed((stage, reference) -> reference, CutChoice.RECOMPUTE));
      return new StagedRunner(plan).run(InputSource.of(input), new InMemoryScratch(), "whole");
    }
  }

  private static Map<String, Path> sample() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", SAMPLE_T1);
    inputs.put("t2", SAMPLE_T2);
    return inputs;
  }

  private static Volume read(Path file) {
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
    }
  }

  @Test
  void sampleRunIsBitIdenticalToWholeVolume() {
    Path pipeline = Path.of("conf/edge-features.yaml");
    Path out = temp.resolve("out");
    VoxtileJob.Result result = run(RunPlan.single(pipeline, Scan.ofFiles("phantom", sample()), out)
        .withTile(Extent.of(32, 40, 24)));
    Volume expected = whole(pipeline, sample()).get("edges");
    Volume actual = read(out.resolve("edges.nii.gz"));
    assertEquals(expected.box(), actual.box());
    assertArrayEquals(expected.data(), actual.data());
    assertEquals(3 * 3 * 4, result.report().get("tiles"));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("report.json")));
    assertFalse(Files.exists(out.resolve(OutputNames.TEMPORARY)));
    try (NiftiReader t1 = NiftiReader.open(SAMPLE_T1); NiftiReader edges = NiftiReader.open(out.resolve("edges.nii.gz"))) {
      assertTrue(t1.orientation().affine().approximatelyEquals(edges.orientation().affine(), 1e-9),
          "same-resolution output keeps the input affine");
    }
  }

  /** {@code nii} gzipped, then cut to two thirds: a header that reads, data that ends early. */
  private Path truncatedGzip(Path nii, String name) throws Exception {
    Path gz = temp.resolve(name);
    try (var in = Files.newInputStream(nii); var zip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      in.transferTo(zip);
    }
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    return gz;
  }

  /** Writes two random channels with an affine of 2 mm voxels, origin (10, 20, 30). */
  private Map<String, Path> randomScan(long seed, Extent extent) {
    Random random = new Random(seed);
    Orientation orientation = Orientation.of(Affine.ofRowMajor(
        2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1));
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (String name : List.of("t1", "t2")) {
      float[] data = new float[(int) extent.voxelCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextGaussian();
      }
      Path file = temp.resolve(seed + "_" + name + ".nii");
      NiftiWriter.write(file, Volume.wrap(Box.of(extent), 1, data, orientation), NiftiWriteOptions.DEFAULTS);
      inputs.put(name, file);
    }
    return inputs;
  }

  private Path pipeline(String mode) throws Exception {
    Path file = temp.resolve("strided-" + mode + ".yaml");
    Files.writeString(file, STRIDED.formatted(mode));
    return file;
  }

  @Test
  void randomVolumesWithStridesAreBitIdenticalWhateverTheTiling() throws Exception {
    long seed = new Random().nextLong();
    Map<String, Path> inputs = randomScan(seed, Extent.of(22, 18, 26));
    Path pipeline = pipeline("max");
    Map<String, Volume> expected = whole(pipeline, inputs);
    for (Extent tile : List.of(Extent.of(4, 6, 2), Extent.of(5, 9, 13))) {
      Path out = temp.resolve("out-" + tile.x());
      run(RunPlan.single(pipeline, Scan.ofFiles("r", inputs), out).withTile(tile));
      for (String node : List.of("p1", "up")) {
        Volume actual = read(out.resolve(node + ".nii.gz"));
        assertArrayEquals(expected.get(node).data(), actual.data(), "seed " + seed + " tile " + tile + " " + node);
      }
    }
  }

  @Test
  void stridedOutputAffineCentresEachVoxelOnItsInputRegion() throws Exception {
    Map<String, Path> inputs = randomScan(5, Extent.of(8, 8, 8));
    Path out = temp.resolve("out");
    run(RunPlan.single(pipeline("max"), Scan.ofFiles("r", inputs), out).withTile(Extent.cube(4)));
    try (NiftiReader pooled = NiftiReader.open(out.resolve("p1.nii.gz"));
        NiftiReader up = NiftiReader.open(out.resolve("up.nii.gz"))) {
      // p1 voxel 0 pools input voxels 0 and 1: centre at input 0.5 -> world 10 + 2 * 0.5 = 11
      Affine expected = Affine.ofRowMajor(4, 0, 0, 11, 0, 4, 0, 21, 0, 0, 4, 31, 0, 0, 0, 1);
      assertTrue(expected.approximatelyEquals(pooled.orientation().affine(), 1e-9),
          pooled.orientation().affine().toString());
      assertTrue(up.orientation().affine().approximatelyEquals(
          Affine.ofRowMajor(2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1), 1e-9),
          "back at input resolution: " + up.orientation().affine());
      assertEquals(4, pooled.header().extent().x());
    }
  }

  @Test
  void refusesANonEmptyOutputWithoutOverwrite() throws Exception {
    Map<String, Path> inputs = randomScan(6, Extent.of(8, 8, 8));
    Path out = temp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("old.txt"), "x");
    RunPlan plan = RunPlan.single(pipeline("max"), Scan.ofFiles("r", inputs), out);
    VoxtileException e = assertThrows(VoxtileException.class, () -> run(plan));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    run(plan.withMode(RunPlan.OutputMode.OVERWRITE));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  @Test
  void failsBeforeAnyTaskWhenInputsDoNotMatchThePipeline() throws Exception {
    Map<String, Path> inputs = randomScan(7, Extent.of(8, 8, 8));
    inputs.put("flair", inputs.get("t1"));
    Path out = temp.resolve("out");
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> run(RunPlan.single(pipeline("max"), Scan.ofFiles("r", inputs), out)));
    assertTrue(e.getMessage().contains("flair"), e.getMessage());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void manifestBatchWritesEachScanUnderItsIdWithDoneMarkers() throws Exception {
    Map<String, Path> a = randomScan(21, Extent.of(8, 6, 10));
    Map<String, Path> b = randomScan(22, Extent.of(6, 8, 4));
    Path csv = temp.resolve("scans.csv");
    Files.writeString(csv, "scan_id,t2,t1\n"
        + "a," + a.get("t2") + "," + a.get("t1") + "\n"
        + "b," + b.get("t2").getFileName() + "," + b.get("t1").getFileName() + "\n");
    Path pipeline = pipeline("avg");
    Path out = temp.resolve("batch");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    VoxtileJob.Result result = VoxtileJob.run(SparkTestSession.get(), new RunPlan(pipeline, Optional.empty(),
        ScanLists.manifest(csv), out, true, Optional.of(Extent.cube(4)), RunPlan.DEFAULT_MEMORY_PER_TASK,
        RunPlan.OutputMode.FRESH, true, true, Optional.empty()), new PrintStream(progress));
    for (String id : List.of("a", "b")) {
      Map<String, Volume> expected = whole(pipeline, id.equals("a") ? a : b);
      Volume up0 = read(out.resolve(id).resolve("up_c0.nii.gz"));
      Volume up1 = read(out.resolve(id).resolve("up_c1.nii.gz"));
      assertArrayEquals(expected.get("up").channels(0, 1).data(), up0.data(), id);
      assertArrayEquals(expected.get("up").channels(1, 1).data(), up1.data(), id);
      assertTrue(Files.exists(out.resolve(id).resolve("_SUCCESS")));
      assertTrue(Files.exists(out.resolve(id).resolve("report.json")));
      java.awt.image.BufferedImage preview = javax.imageio.ImageIO.read(out.resolve(id).resolve("preview.png").toFile());
      assertEquals(7 * Preview.PANEL, preview.getHeight(), "t1, t2, p1 split in 3, up split in 2");
    }
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertEquals(2, progress.toString().lines().filter(l -> l.contains(" done ")).count(), progress.toString());
    assertEquals(2, result.features().orElseThrow().select("scan_id").distinct().count());
  }

  @Test
  void aBatchCommitsEachScanBeforeTheFailureOfALaterOneStartedAheadOfTime() throws Exception {
    Map<String, Path> a = randomScan(31, Extent.of(8, 8, 8));
    Map<String, Path> b = randomScan(32, Extent.of(8, 8, 8));
    Map<String, Path> c = randomScan(33, Extent.of(8, 8, 8));
    Path gz = truncatedGzip(c.get("t2"), "c-t2-truncated.nii.gz");
    Path csv = temp.resolve("abc.csv");
    Files.writeString(csv, "scan_id,t1,t2\n" + "a," + a.get("t1") + "," + a.get("t2") + "\n"
        + "b," + b.get("t1") + "," + b.get("t2") + "\n" + "c," + c.get("t1") + "," + gz + "\n");
    Path out = temp.resolve("abc");
    // each scan's tasks are submitted while the previous scan is stitched: c's inputs are decoded
    // (and fail) during b's turn, yet b is committed before the run fails on c
    VoxtileException e = assertThrows(VoxtileException.class, () -> VoxtileJob.run(SparkTestSession.get(),
        new RunPlan(pipeline("max"), Optional.empty(), ScanLists.manifest(csv), out, true, Optional.of(Extent.cube(4)),
            RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, false, false, Optional.empty()),
        new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("scan 'c'") && e.getMessage().contains("c-t2-truncated"), e.getMessage());
    assertTrue(Files.exists(out.resolve("a").resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve("b").resolve("_SUCCESS")));
    assertFalse(Files.exists(out.resolve("c")));
    assertFalse(Files.exists(out.resolve("_SUCCESS")));
    assertFalse(Files.exists(out.resolve(OutputNames.TEMPORARY)), "no scratch left");
  }

  @Test
  void aTaskFailureLeavesNoFinishedLookingFileAndNamesTheScan() throws Exception {
    Map<String, Path> inputs = randomScan(8, Extent.of(12, 12, 12));
    Path gz = truncatedGzip(inputs.get("t2"), "t2-truncated.nii.gz");
    inputs.put("t2", gz);
    Path out = temp.resolve("out");
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> run(RunPlan.single(pipeline("max"), Scan.ofFiles("broken", inputs), out).withTile(Extent.cube(4))));
    assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("t2-truncated"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertFalse(Files.exists(out), "no _SUCCESS, no output, no scratch left: the directory the run made is gone");
  }

  @Test
  void aSecondRunIntoADirectoryInUseIsRefusedAndLeavesTheFirstRunsScratchAlone() throws Exception {
    Map<String, Path> inputs = randomScan(12, Extent.of(8, 8, 8));
    Path out = temp.resolve("busy");
    Files.createDirectories(out.resolve(OutputNames.TEMPORARY).resolve("scan"));
    Files.writeString(out.resolve(OutputNames.TEMPORARY).resolve("scan").resolve("tile"), "the other run's");
    OutputLock other = OutputLock.acquire(Location.of(out)); // a live run of this process holds it
    try {
      RunPlan plan = RunPlan.single(pipeline("max"), Scan.ofFiles("scan", inputs), out).withMode(RunPlan.OutputMode.OVERWRITE);
      VoxtileException e = assertThrows(VoxtileException.class, () -> run(plan));
      assertTrue(e.getMessage().contains("in use by another voxtile run"), e.getMessage());
      assertThrows(VoxtileException.class, () -> VoxtileJob.validate(plan), "refused before Spark too");
      assertTrue(Files.exists(out.resolve(OutputNames.TEMPORARY).resolve("scan").resolve("tile")));
    } finally {
      other.release();
    }
    run(RunPlan.single(pipeline("max"), Scan.ofFiles("scan", inputs), out).withMode(RunPlan.OutputMode.OVERWRITE));
    assertTrue(Files.exists(out.resolve(OutputNames.SUCCESS)));
    assertFalse(Files.exists(out.resolve(OutputNames.LOCK)), "released at the end");
  }

  @Test
  void aChosenTileThatExceedsTheMemoryBudgetIsRefusedBeforeAnyTask() throws Exception {
    Map<String, Path> inputs = randomScan(10, Extent.of(12, 12, 12));
    Path out = temp.resolve("out-budget");
    RunPlan plan = RunPlan.single(pipeline("max"), Scan.ofFiles("big-tile", inputs), out).withTile(Extent.cube(12))
        .withMemoryPerTask(16 << 10);
    VoxtileException e = assertThrows(VoxtileException.class, () -> VoxtileJob.validate(plan));
    assertTrue(e.getMessage().contains("big-tile") && e.getMessage().contains("--tile 12x12x12")
        && e.getMessage().contains("--memory-per-task 16.0 KiB"), e.getMessage());
    assertFalse(Files.exists(out));
    run(plan.withTile(Extent.cube(2))); // the budget fits a small tile
  }

  @Test
  void aTaskFailingWhileTheDriverStitchesFailsTheRunAndLeavesNothing() throws Exception {
    Map<String, Path> inputs = randomScan(9, Extent.of(12, 12, 12));
    Path out = temp.resolve("out-late");
    // the last of 8 tiles fails (local[2] does not retry) after the driver has written the
    // first slabs: the stitch must stop, and nothing may look finished
    System.setProperty(InjectedFault.PROPERTY, "7");
    try {
      VoxtileException e = assertThrows(VoxtileException.class,
          () -> run(RunPlan.single(pipeline("max"), Scan.ofFiles("late", inputs), out).withTile(Extent.cube(4))));
      assertTrue(e.getMessage().contains("late") && e.getMessage().contains("injected fault"), e.getMessage());
    } finally {
      System.clearProperty(InjectedFault.PROPERTY);
    }
    assertFalse(Files.exists(out), "no _SUCCESS, no output, no scratch left: the directory the run made is gone");
  }

  @Test
  void matchesPyTorchOnAPipelineWithWeightsFromSafetensors() {
    Path golden = Path.of("src/test/resources/golden/spark");
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", golden.resolve("t1.nii"));
    inputs.put("t2", golden.resolve("t2.nii"));
    Path out = temp.resolve("out");
    run(RunPlan.single(golden.resolve("pipeline.yaml"), Scan.ofFiles("golden", inputs), out).withTile(Extent.of(4, 6, 4)));
    for (String[] pair : new String[][] {{"up", "expected_out"}, {"p1", "expected_pooled"}}) {
      Volume expected = read(golden.resolve(pair[1] + ".nii"));
      Volume actual = read(out.resolve(pair[0] + ".nii.gz"));
      assertEquals(expected.box(), actual.box());
      for (int i = 0; i < expected.data().length; i++) {
        float e = expected.data()[i];
        assertEquals(e, actual.data()[i], 1e-5 * Math.max(1, Math.abs(e)), pair[0] + " voxel " + i);
      }
    }
    try (NiftiReader pooled = NiftiReader.open(out.resolve("p1.nii.gz"))) {
      assertTrue(Affine.ofRowMajor(3, 0, 0, -9.25, 0, 3, 0, -7.25, 0, 0, 3, 4.75, 0, 0, 0, 1)
          .approximatelyEquals(pooled.orientation().affine(), 1e-6), pooled.orientation().affine().toString());
    }
  }
}
