package org.voxtile.spark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.VoxtileException;
import org.voxtile.storage.Location;

class OutputDirectoryTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void previousRun() throws IOException {
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve("edges_c0.nii.gz"), "old");
    Files.writeString(dir.resolve("report.json"), "{}");
    Files.writeString(dir.resolve("preview.png"), "png");
    Files.createDirectories(dir.resolve("features.parquet"));
    Files.createDirectories(dir.resolve("s01"));
    Files.writeString(dir.resolve("s01/_SUCCESS"), "fingerprint sha256:00");
    Files.createDirectories(dir.resolve("_temporary/s02"));
    Files.writeString(dir.resolve("notes.txt"), "the user's");
  }

  @Test
  void nonEmptyDirectoryNeedsOverwrite() throws IOException {
    previousRun();
    VoxtileException e = assertThrows(VoxtileException.class, () -> OutputDirectory.prepare(Location.of(dir), false, false));
    assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
  }

  @Test
  void overwriteRemovesWhatAnEarlierRunWroteAndNothingElse() throws IOException {
    previousRun();
    OutputDirectory.prepare(Location.of(dir), true, true);
    assertEquals(List.of("notes.txt"), names(), "no old output may sit beside the new _SUCCESS");
  }

  @Test
  void resumeKeepsFinishedScansAndDropsOnlyMarkersAndScratch() throws IOException {
    previousRun();
    OutputDirectory.prepare(Location.of(dir), true, false);
    assertEquals(List.of("edges_c0.nii.gz", "features.parquet", "notes.txt", "preview.png", "report.json", "s01"),
        names());
  }
}
