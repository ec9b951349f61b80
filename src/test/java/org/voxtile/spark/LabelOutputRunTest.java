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
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.Volume;

/**
 * Outputs declared {@code {node: ..., datatype: uint8}} on Spark: written in that datatype,
 * unscaled, holding the same values as the float32 whole-volume run; and a value the datatype
 * cannot hold fails the run naming the scan, node, value and voxel, with nothing left behind.
 */
class LabelOutputRunTest {
  /**
   * Integer inputs through a Laplacian (integer weights) and relu, then max pooling: integers all
   * along, as label maps are; the average pool is not.
   */
  static final String PIPELINE = """
      name: labels
      inputs: [t1, t2]
      nodes:
        - {name: lap, op: conv3d, out_channels: 2, kernel_size: 3, padding: 1, groups: 2, init: {kernel: laplacian}}
        - {name: edges, op: relu}
        - {name: peaks, op: max_pool3d, kernel_size: 2, stride: 2}
        - {name: smooth, op: avg_pool3d, inputs: [edges], kernel_size: 3, stride: 1, padding: 1}
      outputs: %s
      """;

  @TempDir
  Path temp;

  private Path pipeline(String name, String outputs) throws Exception {
    return Files.writeString(temp.resolve(name + ".yaml"), PIPELINE.formatted(outputs));
  }

  private Map<String, Path> integerScan(long seed, Extent extent) {
    return integerScan(temp, seed, extent,
        Orientation.of(Affine.ofRowMajor(2, 0, 0, 10, 0, 2, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1)));
  }

  /** Two channels of whole numbers 0..20 in uint8 files in {@code temp}: every Laplacian lies in -120..120. */
  static Map<String, Path> integerScan(Path temp, long seed, Extent extent, Orientation orientation) {
    Random random = new Random(seed);
    Map<String, Path> inputs = new LinkedHashMap<>();
    for (String name : List.of("t1", "t2")) {
      float[] data = new float[(int) extent.voxelCount()];
      for (int i = 0; i < data.length; i++) {
        data[i] = random.nextInt(21);
      }
      Path file = temp.resolve(seed + "_" + name + ".nii");
      NiftiWriter.write(file, Volume.wrap(Box.of(extent), 1, data, orientation),
          NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.UINT8));
      inputs.put(name, file);
    }
    return inputs;
  }

  private static void run(Path pipeline, Map<String, Path> inputs, Path out, boolean split) {
    RunPlan plan = new RunPlan(pipeline, Optional.empty(), List.of(Scan.ofFiles("s1", inputs)), out, false,
        Optional.of(Extent.of(4, 6, 4)), RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, split, false,
        Optional.empty());
    VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
  }

  /** The file's datatype, checked unscaled for integers, and its values. */
  private static Volume read(Path file, NiftiDataType datatype) {
    try (NiftiReader reader = NiftiReader.open(file)) {
      assertEquals(datatype, reader.header().datatype(), file.toString());
      assertFalse(reader.header().isScaled(), file + ": scl_slope " + reader.header().sclSlope());
      return reader.readAll();
    }
  }

  @Test
  void labelOutputsAreWrittenInTheirDatatypeWithTheWholeVolumeValues() throws Exception {
    Map<String, Path> inputs = integerScan(1, Extent.of(10, 12, 9));
    Path pipeline = pipeline("mixed", "[smooth, {node: peaks, datatype: uint8}, {node: edges, datatype: int16}]");
    Map<String, Volume> expected = VoxtileJobTest.whole(pipeline, inputs);
    Path out = temp.resolve("out");
    run(pipeline, inputs, out, false);
    Volume peaks = read(out.resolve("peaks.nii.gz"), NiftiDataType.UINT8);
    assertArrayEquals(expected.get("peaks").data(), peaks.data());
    assertEquals(Extent.of(5, 6, 4), peaks.extent(), "the strided node keeps its own grid");
    assertArrayEquals(expected.get("edges").data(), read(out.resolve("edges.nii.gz"), NiftiDataType.INT16).data());
    assertArrayEquals(expected.get("smooth").data(), read(out.resolve("smooth.nii.gz"), NiftiDataType.FLOAT32).data());
    float max = 0;
    for (float v : expected.get("peaks").data()) {
      max = Math.max(max, v);
    }
    assertTrue(max > 20, "the Laplacian's peaks exceed the inputs' range: " + max);
    assertTrue(Files.exists(out.resolve(OutputNames.SUCCESS)));

    Path split = temp.resolve("split");
    run(pipeline, inputs, split, true);
    for (int c = 0; c < 2; c++) {
      assertArrayEquals(expected.get("peaks").channels(c, 1).data(),
          read(split.resolve("peaks_c" + c + ".nii.gz"), NiftiDataType.UINT8).data(), "--split-channels, channel " + c);
    }
  }

  @Test
  void aFloatOutputDeclaredUint8FailsTheRunNamingScanNodeValueAndVoxelAndLeavesNothing() throws Exception {
    Map<String, Path> inputs = integerScan(2, Extent.of(10, 12, 9));
    Path out = temp.resolve("out");
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> run(pipeline("fractional", "[peaks, {node: smooth, datatype: uint8}]"), inputs, out, false));
    assertTrue(e.getMessage().matches("scan 's1': output 'smooth' is written as uint8, which holds whole numbers "
        + "from 0 to 255, but voxel \\(\\d+, \\d+, \\d+\\) of channel \\d is \\d+\\.\\d+: .*nothing was written"),
        e.getMessage());
    assertFalse(Files.exists(out), "no _SUCCESS, no finished-looking peaks.nii.gz either: the directory is gone");

    Path negative = temp.resolve("negative");
    e = assertThrows(VoxtileException.class,
        () -> run(pipeline("negative", "[{node: lap, datatype: uint8}]"), inputs, negative, false));
    assertTrue(e.getMessage().startsWith("scan 's1': output 'lap' is written as uint8") && e.getMessage().contains(
        " is -"), e.getMessage());
    assertFalse(Files.exists(negative));
  }
}
