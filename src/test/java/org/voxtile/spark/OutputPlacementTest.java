package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

class OutputPlacementTest {
  @TempDir Path dir;

  @Test
  void refusesTheInputsFolderAndAnyFolderAboveItButAllowsOneBelowOrBeside() throws Exception {
    Path anat = Files.createDirectories(dir.resolve("bids/sub-01/anat"));
    Scan scan = Scan.ofFiles("sub-01", Map.of("t1", Files.write(anat.resolve("sub-01_T1w.nii"), new byte[] {1})));
    assertThrows(VoxtileException.class, () -> OutputPlacement.check(Location.of(anat), scan), "beside the inputs");
    assertThrows(VoxtileException.class, () -> OutputPlacement.check(Location.of(dir.resolve("bids")), scan), "above them");
    assertThrows(VoxtileException.class, () -> OutputPlacement.check(Location.of(dir.resolve("bids/sub-01/../sub-01")), scan),
        "the same folder spelt otherwise");
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of(dir.resolve("bids/derivatives/voxtile")), scan), "BIDS derivatives");
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of(anat.resolve("out")), scan), "a new folder below the inputs");
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of(dir.resolve("out")), scan), "beside the dataset");
  }

  @Test
  void onHdfsTheSameRuleHoldsForUris() {
    Scan scan = new Scan("s1", Map.of("t1", Location.of("hdfs://nn:8020/data/s1/t1.nii.gz")));
    assertThrows(VoxtileException.class, () -> OutputPlacement.check(Location.of("hdfs://nn:8020/data"), scan));
    assertThrows(VoxtileException.class, () -> OutputPlacement.check(Location.of("hdfs://nn:8020/data/x/../s1/"), scan),
        "the same folder spelt otherwise");
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of("hdfs://nn:8020/results"), scan));
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of("hdfs://nn:8020/data/s1-out"), scan), "a sibling");
    assertDoesNotThrow(() -> OutputPlacement.check(Location.of("/data"), scan), "another file system");
  }
}
