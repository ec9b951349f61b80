package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.voxtile.storage.Location;

/** A batch's progress lines count scans done, failed and left and estimate the time left. */
class BatchProgressTest {
  @Test
  void linesCountDoneFailedAndLeftAndEstimateTheRest() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BatchProgress progress = new BatchProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 4, true);
    progress.skipped(0, "s1", Location.of(Path.of("out/s1")));
    progress.done(1, "s2", 8, 12.5, Location.of(Path.of("out/s2")));
    progress.failed(2, "s3");
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("voxtile: scan 's1' already done (1/4), skipped (--resume) -> out/s1", lines[0]);
    assertTrue(lines[1].startsWith("voxtile: scan 's2' done (2/4): 8 tiles in 12.5 s -> out/s2; 2 done, 0 failed, "
        + "2 left, about "), lines[1]);
    assertEquals("voxtile: scan 's3' failed (3/4); 2 done, 1 failed, 1 left; --resume runs the rest after a fix", lines[2]);
  }

  @Test
  void aSingleScanSaysOnlyThatItIsDone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BatchProgress progress = new BatchProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1, false);
    progress.done(0, "scan", 2, 3.0, Location.of(Path.of("out")));
    progress.failed(0, "scan");
    assertEquals("voxtile: scan 'scan' done (1/1): 2 tiles in 3.0 s -> out\n", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void durationsReadAsAPersonWouldSayThem() {
    assertEquals("42 s", BatchProgress.duration(41.6));
    assertEquals("5 min 07 s", BatchProgress.duration(307));
    assertEquals("2 h 05 min", BatchProgress.duration(7500));
  }
}
