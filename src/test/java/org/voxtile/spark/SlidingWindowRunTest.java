package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.network.pipeline.Inference;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.SlidingGolden;
import org.voxtile.tiling.SlidingWindowRunner;
import org.voxtile.volume.Volume;

/**
 * Sliding-window mode on Spark gives the single-JVM {@link SlidingWindowRunner}'s bits, whatever
 * the executor threads and with a window's first attempt failing after it wrote its scratch
 * files, and MONAI's values (the PyTorch transcription's goldens, golden/sliding) within 1e-5 of
 * the largest output: constant and Gaussian blending, overlap 0.25 and 0.5, an anisotropic
 * window, a scan smaller than the window on z (padded and cropped back), instance norm per
 * window, the settings given as flags and as the pipeline's {@code inference:} key with two outputs.
 */
class SlidingWindowRunTest {
  private static final Path GOLDEN = SlidingGolden.DIR;

  @TempDir Path temp;

  /** One golden case of manifest.txt. */
  record Case(String name, Extent roi, double overlap, Inference.Blend blend, double sigma) {}

  @Test
  void everyCaseIsTheSingleJvmRunnersBitsOnOneAndTwoThreadsAndAfterARetry() throws Exception {
    List<String> lines = Files.readAllLines(GOLDEN.resolve("manifest.txt"));
    long[] s = SlidingGolden.numbers(lines.get(0).substring(5));
    Extent extent = Extent.of(s[0], s[1], s[2]);
    Volume scan = Volume.wrap(Box.of(extent), 2, SlidingGolden.floats(GOLDEN.resolve("input.bin")));
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (int c = 0; c < 2; c++) {
      Path file = temp.resolve("t" + (c + 1) + ".nii");
      NiftiWriter.write(file, scan.channels(c, 1), NiftiWriteOptions.DEFAULTS);
      inputs.put("t" + (c + 1), file);
    }
    List<Case> cases = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(" ");
      long[] r = SlidingGolden.numbers(f[1].substring(4));
      cases.add(new Case(f[0], Extent.of(r[0], r[1], r[2]), Double.parseDouble(f[2].substring(8)),
          Inference.Blend.fromLabel(f[3].substring(6)), Double.parseDouble(f[4].substring(6))));
    }
    Map<String, byte[]> first = runAll("local[1]", cases, inputs, scan, null);
    Map<String, byte[]> second = runAll("local[2,2]", cases, inputs, scan, "2");
    assertEquals(first.keySet(), second.keySet());
    for (String file : first.keySet()) {
      assertArrayEquals(first.get(file), second.get(file), file + ": the same bytes on local[1] and local[2,2]");
    }
  }

  /** Every case on {@code master}; the files written, by case and output. */
  private Map<String, byte[]> runAll(String master, List<Case> cases, Map<String, Path> inputs, Volume scan,
      String failWindow) throws Exception {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession spark = SparkSession.builder().master(master).appName("voxtile-windows")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
    Map<String, byte[]> written = new LinkedHashMap<>();
    try {
      for (Case c : cases) {
        Inference.Overrides flags = new Inference.Overrides(true, c.roi(), c.overlap(), c.blend(), c.sigma());
        written.putAll(runOne(spark, master, c, GOLDEN.resolve("pipeline.yaml"), flags, List.of("out"), inputs, scan,
            failWindow));
      }
      // the same first case from the pipeline's own key, with a second output of another channel count
      Case c = cases.get(2);
      Path dir = Files.createDirectories(temp.resolve("keyed-" + master.replaceAll("\\W", "")));
      Files.copy(GOLDEN.resolve("weights.safetensors"), dir.resolve("weights.safetensors"));
      String text = Files.readString(GOLDEN.resolve("pipeline.yaml")).replace("outputs: [out]", "outputs: [out, a1]")
          + String.format("inference: {mode: sliding_window, roi_size: [%d, %d, %d], overlap: %s, blend: %s, "
          + "sigma_scale: %s}%n", c.roi().x(), c.roi().y(), c.roi().z(), c.overlap(), c.blend().label(), c.sigma());
      Path keyed = Files.writeString(dir.resolve("pipeline.yaml"), text);
      written.putAll(runOne(spark, master, c, keyed, Inference.Overrides.NONE, List.of("out", "a1"), inputs, scan,
          failWindow));
    } finally {
      spark.stop();
    }
    return written;
  }

  private Map<String, byte[]> runOne(SparkSession spark, String master, Case c, Path pipeline,
      Inference.Overrides flags, List<String> outputs, Map<String, Path> inputs, Volume scan, String failWindow)
      throws Exception {
    String label = c.name() + (flags == Inference.Overrides.NONE ? "-keyed" : "");
    Path out = temp.resolve(master.replaceAll("\\W", "") + "-" + label);
    int firedBefore = InjectedFault.FIRED.get();
    if (failWindow != null) {
      System.setProperty(InjectedFault.PROPERTY, failWindow);
    }
    VoxtileJob.Result result;
    try {
      result = VoxtileJob.run(spark, RunPlan.single(pipeline, Scan.ofFiles("s", inputs), out).withInference(flags),
          new PrintStream(new ByteArrayOutputStream()));
    } finally {
      System.clearProperty(InjectedFault.PROPERTY);
    }
    if (failWindow != null) {
      assertTrue(InjectedFault.FIRED.get() > firedBefore, label + ": the window's first attempt failed");
    }
    assertTrue(Files.exists(out.resolve(OutputNames.SUCCESS)));
    assertFalse(Files.exists(out.resolve(OutputNames.TEMPORARY)), "scratch removed");
    Map<String, Object> scanReport = result.report(); // a single scan's report is at the top
    Inference inference = new Inference(true, c.roi(), c.overlap(), c.blend(), List.of(c.sigma(), c.sigma(),
        c.sigma()), 0f, "test");
    NetworkBuilder.Built built = Pipeline.load(pipeline, Optional.empty(), Map.of("t1", 1, "t2", 1), c.roi());
    SlidingWindowRunner runner = SlidingWindowRunner.of(built.network(), scan.extent(), inference);
    assertEquals(runner.windows().windows().size(), ((Number) scanReport.get("tiles")).intValue(),
        label + ": one task per window");
    Map<String, Volume> expected = runner.run(InputSource.of(scan));
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String node : outputs) {
      Path file = out.resolve(node + ".nii.gz");
      files.put(label + "/" + node, Files.readAllBytes(file));
      try (NiftiReader reader = NiftiReader.open(file)) {
        Volume v = reader.readAll();
        assertEquals(scan.extent(), v.extent());
        assertArrayEquals(expected.get(node).data(), v.data(), label + ", " + node + ": the single-JVM runner's bits");
      }
    }
    float[] golden = SlidingGolden.floats(GOLDEN.resolve(c.name() + ".bin"));
    float[] got = expected.get("out").data();
    double max = 0;
    double err = 0;
    for (int i = 0; i < golden.length; i++) {
      max = Math.max(max, Math.abs(golden[i]));
      err = Math.max(err, Math.abs(golden[i] - got[i]));
    }
    assertTrue(err <= 1e-5 * max, label + ": error " + err + " of " + max + " against MONAI's");
    return files;
  }
}
