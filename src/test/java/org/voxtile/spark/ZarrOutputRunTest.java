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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.spark.output.OutputFormat;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.storage.Location;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;
import org.voxtile.zarr.ZarrDtype;
import org.voxtile.zarr.ZarrSource;

/**
 * {@code --output-format zarr|both} on Spark: each task writes its tile as the chunks of
 * {@code <node>.ome.zarr}, bit for bit the whole-volume values and the NIfTI output of the same
 * run, at any tile size; a failed run leaves no image; a resumed batch keeps finished scans'
 * images; and Zarr inputs give the same outputs as the same values in NIfTI.
 */
class ZarrOutputRunTest {
  @TempDir
  Path temp;

  private Path pipeline(String outputs) throws Exception {
    return Files.writeString(temp.resolve("p.yaml"), LabelOutputRunTest.PIPELINE.formatted(outputs));
  }

  /** LabelOutputRunTest's integer scan (so the uint8 output holds every value) on an oblique grid. */
  private Map<String, Path> scan(long seed, Extent extent) {
    return LabelOutputRunTest.integerScan(temp, seed, extent,
        Orientation.of(Affine.ofRowMajor(0, -2, 0, 10, 2, 0, 0, 20, 0, 0, 2.5, 30, 0, 0, 0, 1)));
  }

  private static Map<String, Object> run(RunPlan plan) {
    return VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream())).report();
  }

  private static RunPlan plan(Path pipeline, Map<String, Path> inputs, Path out, Extent tile, OutputFormat format) {
    return RunPlan.single(pipeline, Scan.ofFiles("s1", inputs), out).withTile(tile).withFormat(format);
  }

  private static Volume zarr(Path image) {
    try (ZarrSource source = ZarrSource.open(Location.of(image))) {
      return source.read(source.box());
    }
  }

  private static Volume nifti(Path file) {
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
    }
  }

  @Test
  void tiledZarrOutputsEqualTheWholeVolumeAndTheNiftiOfTheSameRunBitForBit() throws Exception {
    long seed = TestSeed.of("ZarrOutputRunTest");
    Random random = new Random(seed);
    Path pipeline = pipeline("[smooth, {node: peaks, datatype: uint8}]");
    for (int round = 0; round < 3; round++) {
      // even extents: the stride-2 output's proportional tiles then lie on one chunk grid (see ZarrOutputs.chunk)
      Extent extent = Extent.of(2 * (3 + random.nextInt(5)), 2 * (3 + random.nextInt(5)), 2 * (3 + random.nextInt(4)));
      Extent tile = Extent.of(2 * (1 + random.nextInt(4)), 2 * (1 + random.nextInt(4)), 2 * (1 + random.nextInt(4)));
      String where = TestSeed.describe(seed) + ", round " + round + ": " + extent + " in tiles " + tile;
      Map<String, Path> inputs = scan(random.nextLong(), extent);
      Map<String, Volume> whole = VoxtileJobTest.whole(pipeline, inputs);
      Path out = temp.resolve("both" + round);
      run(plan(pipeline, inputs, out, tile, OutputFormat.BOTH));
      for (String node : List.of("smooth", "peaks")) {
        Volume z = zarr(out.resolve(OutputNames.image(node)));
        assertArrayEquals(whole.get(node).data(), z.data(), where + ", " + node + " vs whole");
        assertArrayEquals(nifti(out.resolve(OutputNames.volume(node))).data(), z.data(), where + ", " + node);
      }
      try (ZarrSource smooth = ZarrSource.open(Location.of(out.resolve("smooth.ome.zarr")));
          NiftiReader reader = NiftiReader.open(out.resolve("smooth.nii.gz"))) {
        assertEquals(reader.orientation(), smooth.orientation(), where);
      }
      Path zarrOnly = temp.resolve("zarr" + round);
      Map<String, Object> report = run(plan(pipeline, inputs, zarrOnly, tile, OutputFormat.ZARR));
      assertArrayEquals(whole.get("smooth").data(), zarr(zarrOnly.resolve("smooth.ome.zarr")).data(), where);
      assertFalse(Files.exists(zarrOnly.resolve("smooth.nii.gz")), "zarr only: no NIfTI");
      assertTrue(((Map<?, ?>) report.get("times")).containsKey("stitch_after_tasks_s"), report.toString());
      assertTrue(Files.exists(zarrOnly.resolve(OutputNames.SUCCESS)));
    }
  }

  @Test
  void chunksAreTheOutputTilesWithEveryChannelAndLabelsAreUint8() throws Exception {
    Path out = temp.resolve("out");
    Path pipeline = pipeline("[smooth, {node: peaks, datatype: uint8}]");
    VoxtileException odd = assertThrows(VoxtileException.class, () -> run(plan(pipeline, scan(3, Extent.of(10, 12, 9)),
        out, Extent.of(4, 6, 4), OutputFormat.ZARR)));
    assertTrue(odd.getMessage().contains("output 'peaks' on one chunk grid"), odd.getMessage());
    assertFalse(Files.exists(out), "refused before anything is written");
    run(plan(pipeline, scan(3, Extent.of(10, 12, 8)), out, Extent.of(4, 6, 4), OutputFormat.ZARR));
    org.voxtile.zarr.ZarrArray smooth = org.voxtile.zarr.ZarrArray.open(Location.of(out.resolve("smooth.ome.zarr/0")));
    assertArrayEquals(new int[] {2, 4, 6, 4}, smooth.metadata().chunks()); // c, z, y, x
    assertArrayEquals(new long[] {2, 8, 12, 10}, smooth.metadata().shape());
    assertEquals(ZarrDtype.FLOAT32, smooth.metadata().dtype());
    org.voxtile.zarr.ZarrArray peaks = org.voxtile.zarr.ZarrArray.open(Location.of(out.resolve("peaks.ome.zarr/0")));
    assertEquals(ZarrDtype.UINT8, peaks.metadata().dtype());
    assertArrayEquals(new int[] {2, 2, 3, 2}, peaks.metadata().chunks(), "the strided output's tiles, halved");
    assertTrue(Files.exists(out.resolve("smooth.ome.zarr/.zgroup")) && Files.exists(out.resolve("smooth.ome.zarr/.zattrs")));
  }

  @Test
  void aRunWhoseTaskFailsLeavesNoImageThatLooksFinished() throws Exception {
    Path out = temp.resolve("failed");
    System.setProperty(InjectedFault.PROPERTY, "7"); // local mode does not retry: the run fails
    try {
      VoxtileException e = assertThrows(VoxtileException.class, () -> run(plan(pipeline("[smooth]"),
          scan(4, Extent.of(8, 8, 8)), out, Extent.cube(4), OutputFormat.ZARR)));
      assertTrue(e.getMessage().contains("injected fault"), e.getMessage());
    } finally {
      System.clearProperty(InjectedFault.PROPERTY);
    }
    assertFalse(Files.exists(out), "no image, no chunks, no _SUCCESS: the directory the run made is gone");
  }

  @Test
  void aResumedBatchKeepsTheFinishedScansImagesAndWritesTheOthers() throws Exception {
    Path pipeline = pipeline("[smooth]");
    Map<String, Path> a = scan(5, Extent.of(8, 6, 6));
    Map<String, Path> b = scan(6, Extent.of(8, 6, 6));
    Path out = temp.resolve("batch");
    RunPlan plan = new RunPlan(pipeline, Optional.empty(), List.of(Scan.ofFiles("a", a), Scan.ofFiles("b", b)),
        Location.of(out), true, Optional.of(Extent.cube(4)), RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH,
        false, false, Optional.empty()).withFormat(OutputFormat.ZARR);
    run(plan);
    Path chunk = out.resolve("a/smooth.ome.zarr/0/0/0/0/0");
    long written = Files.getLastModifiedTime(chunk).toMillis();
    Location.of(out.resolve("b")).delete();
    Map<String, Object> report = run(plan.withMode(RunPlan.OutputMode.RESUME));
    assertEquals(1, report.get("resumed_scans"));
    assertEquals(written, Files.getLastModifiedTime(chunk).toMillis(), "scan a untouched");
    assertArrayEquals(VoxtileJobTest.whole(pipeline, b).get("smooth").data(), zarr(out.resolve("b/smooth.ome.zarr")).data());
    // the markers record the format: a NIfTI run cannot take the Zarr run's scans for its own
    VoxtileException other = assertThrows(VoxtileException.class,
        () -> run(plan.withFormat(OutputFormat.NIFTI).withMode(RunPlan.OutputMode.RESUME)));
    assertTrue(other.getMessage().contains("output options"), other.getMessage());
  }

  @Test
  void aZarrInputWrittenByZarrPythonGivesTheOutputsOfTheSameValuesInNifti() throws Exception {
    Path pipeline = Files.writeString(temp.resolve("one.yaml"), LabelOutputRunTest.PIPELINE
        .formatted("[smooth, edges]").replace("inputs: [t1, t2]", "inputs: [t1]"));
    Path golden = Path.of("src/test/resources/golden/zarr");
    Path fromZarr = temp.resolve("from-zarr");
    Path fromNifti = temp.resolve("from-nifti");
    run(plan(pipeline, Map.of("t1", golden.resolve("ome_i2_be.zarr")), fromZarr, Extent.of(4, 3, 2), OutputFormat.NIFTI));
    run(plan(pipeline, Map.of("t1", golden.resolve("ome_i2.nii.gz")), fromNifti, Extent.of(4, 3, 2), OutputFormat.NIFTI));
    for (String node : List.of("smooth", "edges")) {
      assertArrayEquals(nifti(fromNifti.resolve(node + ".nii.gz")).data(), nifti(fromZarr.resolve(node + ".nii.gz")).data(),
          node);
    }
    try (NiftiReader a = NiftiReader.open(fromZarr.resolve("smooth.nii.gz"));
        NiftiReader b = NiftiReader.open(fromNifti.resolve("smooth.nii.gz"))) {
      assertEquals(b.orientation().affine(), a.orientation().affine());
    }
  }
}
