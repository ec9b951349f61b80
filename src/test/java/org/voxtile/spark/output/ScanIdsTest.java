package org.voxtile.spark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;

class ScanIdsTest {
  @Test
  void bidsAndManifestIdsAreDirectoriesDirectlyInsideTheOutput() {
    Path out = Path.of("/data/out");
    for (String id : List.of("sub-01", "sub-01_ses-02", "A", "scan.2024-05-01", "0042")) {
      assertEquals(out.resolve(id), ScanIds.directory(out, id, "scans.csv:2"));
    }
  }

  @Test
  void idsThatWouldEscapeHideOrCollideAreRefusedByName() {
    for (String id : List.of("", "..", ".", "../etc", "a/b", "a\\b", "/abs", ".hidden", "_SUCCESS", "_temporary",
        "a..b", "trailing.", "tab\tid", "new\nline", "x".repeat(129), "sp ace", "é",
        "features.parquet", "report.json", "Report.JSON")) {
      VoxtileException e = assertThrows(VoxtileException.class,
          () -> ScanIds.directory(Path.of("out"), id, "scans.csv:7"), id);
      assertTrue(e.getMessage().startsWith("scans.csv:7: scan id '"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\t"), e.getMessage());
    }
  }

  @Test
  void idsMustDifferAlsoIgnoringCase() {
    ScanIds.checkUnique(List.of("sub-01", "sub-02"), "scans.csv");
    assertEquals("scans.csv: scan ids 'sub-01' and 'SUB-01' differ only in case; each scan needs its own directory",
        assertThrows(VoxtileException.class, () -> ScanIds.checkUnique(List.of("sub-01", "SUB-01"), "scans.csv"))
            .getMessage());
    assertTrue(assertThrows(VoxtileException.class, () -> ScanIds.checkUnique(List.of("a", "a"), "scans.csv"))
        .getMessage().contains("'a' and 'a' repeat"));
  }
}
