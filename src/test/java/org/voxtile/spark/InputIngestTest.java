package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

class InputIngestTest {
  @TempDir
  Path temp;

  private static Map<String, Path> sample() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", VoxtileJobTest.SAMPLE_T1);
    inputs.put("t2", VoxtileJobTest.SAMPLE_T2);
    return inputs;
  }

  private static VoxtileJob.Result run(RunPlan plan) {
    return VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void compressedInputsAreInflatedOncePerJobNotOncePerTile() {
    Path pipeline = Path.of("conf/edge-features.yaml");
    Path out = temp.resolve("out");
    long before = InputIngest.inflated();
    VoxtileJob.Result result = run(RunPlan.single(pipeline, Scan.ofFiles("phantom", sample()), out)
        .withTile(Extent.of(40, 48, 40)));
    assertEquals(8, result.report().get("tiles"));
    assertEquals(2, InputIngest.inflated() - before, "one decode per compressed input file");
    Volume expected = VoxtileJobTest.whole(pipeline, sample()).get("edges");
    try (NiftiReader reader = NiftiReader.open(out.resolve("edges.nii.gz"))) {
      assertArrayEquals(expected.data(), reader.readAll().data());
    }
  }

  @Test
  void aGzippedPairBecomesAnUncompressedPairReadByRange() {
    Path pair = Path.of("src/test/resources/golden/nifti/read/pair_gz_n1_be_float32.hdr.gz");
    long before = InputIngest.inflated();
    Location decoded = InputIngest.uncompressed(Map.of("t1", Location.of(pair)), Location.of(temp.resolve("work")))
        .get("t1");
    assertEquals(1, InputIngest.inflated() - before);
    assertTrue(decoded.fileName().endsWith(".hdr"), decoded.toString());
    try (NiftiReader original = NiftiReader.open(pair); NiftiReader copy = NiftiReader.open(decoded.localPath().orElseThrow())) {
      assertTrue(original.isCompressed() && !copy.isCompressed());
      assertEquals(original.header().byteOrder(), copy.header().byteOrder());
      assertTrue(original.orientation().affine().approximatelyEquals(copy.orientation().affine(), 0));
      assertArrayEquals(original.readAll().data(), copy.readAll().data());
      org.voxtile.geometry.Box row = org.voxtile.geometry.Box.of(0, 1, 1, copy.box().max(0), 2, 2);
      long read = copy.bytesRead();
      assertArrayEquals(original.read(row).data(), copy.read(row).data());
      assertEquals(row.voxelCount() * copy.channels() * 4, copy.bytesRead() - read, "one row, by range");
    }
  }

  @Test
  void uncompressedInputsAreReadInPlace() {
    Path nii = org.voxtile.nifti.NiftiReader.decompress(VoxtileJobTest.SAMPLE_T1, temp.resolve("t1.nii"),
        org.voxtile.nifti.ReadLimits.DEFAULT);
    long before = InputIngest.inflated();
    assertEquals(Map.of("t1", Location.of(nii)),
        InputIngest.uncompressed(Map.of("t1", Location.of(nii)), Location.of(temp.resolve("work"))));
    assertEquals(0, InputIngest.inflated() - before);
  }

  @Test
  void reportGivesPredictedAndMeasuredPeakMemory() {
    Path out = temp.resolve("out");
    VoxtileJob.Result result = run(RunPlan.single(Path.of("conf/edge-features.yaml"),
        Scan.ofFiles("phantom", sample()), out).withTile(Extent.of(40, 48, 40)));
    Map<?, ?> memory = (Map<?, ?>) result.report().get("memory");
    long predicted = ((Number) memory.get("predicted_live_maps_per_task")).longValue();
    long measured = ((Number) memory.get("measured_live_maps_per_task")).longValue();
    assertEquals(predicted, measured, "the planner's live-map count is what the runner allocates");
    assertTrue(((Number) memory.get("executor_heap_peak")).longValue() >= measured);
    Map<?, ?> driver = (Map<?, ?>) result.report().get("driver_memory");
    assertTrue(((Number) driver.get("heap_peak")).longValue() > 0);
    assertEquals(true, driver.get("shared_with_executors"), "local mode: one JVM");
  }
}
