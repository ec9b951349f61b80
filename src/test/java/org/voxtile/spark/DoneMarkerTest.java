package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;

class DoneMarkerTest {
  @TempDir Path dir;

  private RunPlan plan(Path pipeline, Scan scan) {
    return new RunPlan(pipeline, Optional.empty(), List.of(scan), dir.resolve("out"), true, Optional.empty(),
        RunPlan.DEFAULT_MEMORY_PER_TASK, RunPlan.OutputMode.FRESH, false, false, Optional.empty());
  }

  @Test
  void fingerprintFollowsPipelineWeightsOptionsAndInputsButNotTiling() throws Exception {
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "inputs: [t1]\n");
    Path weights = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
    Path t1 = Files.write(dir.resolve("t1.nii"), new byte[] {9});
    Scan scan = Scan.ofFiles("s1", Map.of("t1", t1));
    RunPlan plan = plan(pipeline, scan);
    String base = DoneMarker.fingerprint(DoneMarker.common(plan, Optional.of(weights)), scan);

    assertEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan.withTile(Extent.cube(8)), Optional.of(weights)), scan),
        "tile size does not change the output, so not the fingerprint");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan, Optional.empty()), scan), "weights");
    Files.write(weights, new byte[] {1, 2, 4});
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan, Optional.of(weights)), scan), "weights' bytes");
    Files.write(weights, new byte[] {1, 2, 3});
    Files.writeString(pipeline, "inputs: [t1]  \n");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan, Optional.of(weights)), scan), "pipeline bytes");
    Files.writeString(pipeline, "inputs: [t1]\n");
    assertEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan, Optional.of(weights)), scan));
    Files.setLastModifiedTime(t1, FileTime.fromMillis(Files.getLastModifiedTime(t1).toMillis() + 5000));
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(plan, Optional.of(weights)), scan), "input replaced");
  }

  @Test
  void isDoneOnlyForAMarkerOfTheSameFingerprint() throws Exception {
    Path scanDir = Files.createDirectories(dir.resolve("s1"));
    assertFalse(DoneMarker.isDone(Location.of(scanDir), "s1", "abc"), "no marker: not done");
    Files.writeString(scanDir.resolve("_SUCCESS"), DoneMarker.text("abc"));
    assertTrue(DoneMarker.isDone(Location.of(scanDir), "s1", "abc"));
    VoxtileException other = assertThrows(VoxtileException.class, () -> DoneMarker.isDone(Location.of(scanDir), "s1", "abd"));
    assertTrue(other.getMessage().startsWith("scan 's1': " + scanDir.resolve("_SUCCESS") + " was written with another"),
        other.getMessage());
    Files.writeString(scanDir.resolve("_SUCCESS"), "");
    assertThrows(VoxtileException.class, () -> DoneMarker.isDone(Location.of(scanDir), "s1", "abc"), "a marker without fingerprint");
  }

  @Test
  void featureRowsRoundTripBitForBit() throws Exception {
    List<FeatureRow> rows = List.of(new FeatureRow("s1", "c2", 0, "spp_max", 2, 7, -0.0),
        new FeatureRow("s1", "t1", 1, "mean", null, null, Double.NaN),
        new FeatureRow("s1", "t1", 1, "p01", null, null, 0.1 + 0.2),
        new FeatureRow("s1", "out", 3, "max", null, null, Double.NEGATIVE_INFINITY));
    Files.writeString(dir.resolve(DoneMarker.FEATURES), DoneMarker.featuresText(rows));
    List<FeatureRow> back = DoneMarker.readFeatures(Location.of(dir));
    assertEquals(rows.size(), back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(rows.get(i).value()), Double.doubleToRawLongBits(back.get(i).value()));
      assertEquals(rows.get(i).level(), back.get(i).level());
      assertEquals(rows.get(i).feature(), back.get(i).feature());
    }
  }
}
