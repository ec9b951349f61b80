package org.voxtile.spark.output;

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
import org.voxtile.storage.Location;

class DoneMarkerTest {
  @TempDir Path dir;

  @Test
  void fingerprintFollowsPipelineWeightsOptionsAndInputs() throws Exception {
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "inputs: [t1]\n");
    Path weights = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
    Path t1 = Files.write(dir.resolve("t1.nii"), new byte[] {9});
    Map<String, Location> inputs = Map.of("t1", Location.of(t1));
    String base = DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs);

    assertEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs));
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), true, false, OutputFormat.NIFTI), inputs),
        "split channels");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, true, OutputFormat.NIFTI), inputs),
        "preview");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.empty(), false, false, OutputFormat.NIFTI), inputs), "weights");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false,
        OutputFormat.ZARR), inputs), "output format");
    Files.write(weights, new byte[] {1, 2, 4});
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs),
        "weights' bytes");
    Files.write(weights, new byte[] {1, 2, 3});
    Files.writeString(pipeline, "inputs: [t1]  \n");
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs),
        "pipeline bytes");
    Files.writeString(pipeline, "inputs: [t1]\n");
    assertEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs));
    Files.setLastModifiedTime(t1, FileTime.fromMillis(Files.getLastModifiedTime(t1).toMillis() + 5000));
    assertNotEquals(base, DoneMarker.fingerprint(DoneMarker.common(pipeline, Optional.of(weights), false, false, OutputFormat.NIFTI), inputs),
        "input replaced");
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
    Files.writeString(dir.resolve(OutputNames.SCAN_FEATURES), DoneMarker.featuresText(rows));
    List<FeatureRow> back = DoneMarker.readFeatures(Location.of(dir));
    assertEquals(rows.size(), back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(rows.get(i).value()), Double.doubleToRawLongBits(back.get(i).value()));
      assertEquals(rows.get(i).level(), back.get(i).level());
      assertEquals(rows.get(i).feature(), back.get(i).feature());
    }
  }
}
