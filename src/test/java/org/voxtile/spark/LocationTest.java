package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;

/** Where a run's files are: plain paths and file: URIs are local, other URIs go to Hadoop. */
class LocationTest {
  @TempDir
  Path temp;

  @Test
  void plainPathsAndFileUrisAreLocal() {
    assertTrue(Location.of("out/sub-01").isLocal());
    assertEquals(Path.of("out/sub-01"), Location.of("out/sub-01").path());
    assertEquals(Path.of("/tmp/a/t1.nii"), Location.of("file:///tmp/a/t1.nii").path());
    assertEquals(Path.of("/tmp/a/t1.nii"), Location.of("file:/tmp/a/t1.nii").path());
    assertEquals("file", Location.of("/tmp/a").scheme());
  }

  @Test
  void hadoopUrisKeepTheirTextAndWalkLikePaths() {
    Location t1 = Location.of("hdfs://nn:8020/data/sub-01/t1.nii.gz");
    assertFalse(t1.isLocal());
    assertEquals("hdfs", t1.scheme());
    assertEquals("t1.nii.gz", t1.fileName());
    assertEquals(Location.of("hdfs://nn:8020/data/sub-01"), t1.parent());
    assertEquals("hdfs://nn:8020/data/sub-01/report.json", t1.parent().resolve("report.json").toString());
    assertEquals("s3a://bucket/out/_SUCCESS", Location.of("s3a://bucket/out/").resolve("_SUCCESS").toString());
    assertNull(Location.of("hdfs://nn:8020").parent());
    assertThrows(IllegalStateException.class, t1::path);
  }

  @Test
  void aSchemeWithoutAFileSystemNamesTheUriTheSchemeAndTheConnector() {
    VoxtileException s3 = assertThrows(VoxtileException.class, () -> Location.of("s3a://bucket/scans/t1.nii.gz").exists());
    assertEquals("s3a://bucket/scans/t1.nii.gz: no Hadoop FileSystem for scheme \"s3a\" on the classpath; put its"
        + " connector on the driver and executor classpath (for s3a://: hadoop-aws and the AWS SDK bundle, e.g."
        + " spark-submit --packages org.apache.hadoop:hadoop-aws:<Spark's Hadoop version>)", s3.getMessage());
    VoxtileException other = assertThrows(VoxtileException.class, () -> Location.of("nosuchfs://host/x.nii").readString());
    assertTrue(other.getMessage().startsWith("nosuchfs://host/x.nii: no Hadoop FileSystem for scheme \"nosuchfs\""),
        other.getMessage());
  }

  @Test
  void aWriteAppearsWholeUnderItsNameWithNoTemporaryOrChecksumFileBeside() throws Exception {
    Location report = Location.of(temp.resolve("report.json"));
    report.writeString("{}", true);
    assertEquals("{}", report.readString());
    try (Stream<Path> files = Files.list(temp)) {
      assertEquals(List.of(temp.resolve("report.json")), files.toList());
    }
  }

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
    assertTrue(output.isLocal() && inputs.get("t1").isLocal());
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
