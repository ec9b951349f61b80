package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.storage.LocalStorage;
import org.voxtile.storage.Location;

/** A run given file: URIs works as one given plain paths, with no Hadoop files beside its own. */
class FileUriRunTest {
  @TempDir
  Path temp;

  @Test
  void fileUrisForInputsAndOutputWorkLikePlainPaths() throws Exception {
    Path pipeline = Path.of("conf/edge-features.yaml");
    Path plain = temp.resolve("plain");
    Path viaUri = temp.resolve("uri");
    run(RunPlan.single(pipeline, Scan.ofFiles("phantom", Map.of("t1", VoxtileJobTest.SAMPLE_T1,
        "t2", VoxtileJobTest.SAMPLE_T2)), plain).withTile(Extent.of(80, 96, 40)));
    Map<String, Location> inputs = new LinkedHashMap<>();
    inputs.put("t1", Location.of(VoxtileJobTest.SAMPLE_T1.toAbsolutePath().toUri().toString()));
    inputs.put("t2", Location.of(VoxtileJobTest.SAMPLE_T2.toAbsolutePath().toUri().toString()));
    Location output = Location.of(viaUri.toUri().toString());
    assertTrue(output.storage() == LocalStorage.INSTANCE && inputs.get("t1").storage() == LocalStorage.INSTANCE);
    run(RunPlan.single(pipeline, new Scan("phantom", inputs), output).withTile(Extent.of(80, 96, 40)));

    assertArrayEquals(Files.readAllBytes(plain.resolve("edges.nii.gz")), Files.readAllBytes(viaUri.resolve("edges.nii.gz")));
    try (Stream<Path> files = Files.list(viaUri)) {
      assertEquals(List.of("_SUCCESS", "edges.nii.gz", "features.parquet", "report.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no .crc beside voxtile's own files");
    }
  }

  private static void run(RunPlan plan) {
    VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
  }
}
