package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.cli.MainTest.Result;

/**
 * A batch job killed with SIGKILL mid-run ({@link Process#destroyForcibly} on a separate JVM
 * running {@code voxtile run}, after the first scan's done marker appeared) leaves no
 * {@code _SUCCESS} at the top and no file of an unfinished scan under its final name; rerunning it
 * with {@code --resume} leaves the finished scans untouched, computes the rest, and gives the same
 * bytes as an uninterrupted run of the same batch (each scan has its own inputs, so outputs swapped
 * between scans would show). If the job finishes before the kill lands (a fast machine), the
 * attempt is repeated with a batch twice as large; the test fails rather than pass without a kill.
 */
class ResumeAfterKillTest {
  @TempDir Path temp;

  @Test
  void aKilledBatchResumesToTheSameBytesAsAnUninterruptedRun() throws Exception {
    Path pipeline = Files.copy(Path.of("conf/edge-features.yaml"), temp.resolve("edges.yaml"));
    Path killed = null;
    Path manifest = null;
    int scans = 6;
    for (int attempt = 0; attempt < 3 && killed == null; attempt++, scans *= 2) {
      manifest = manifest(scans, attempt);
      killed = killAfterFirstScan(pipeline, manifest, temp.resolve("killed-" + attempt));
    }
    if (killed == null) {
      fail("the job always finished before it could be killed, up to " + scans / 2 + " scans");
    }

    // What the kill left: no top marker; every scan directory present is complete; some are missing.
    assertFalse(Files.exists(killed.resolve("_SUCCESS")), "no _SUCCESS after a kill");
    List<String> ids = ids(manifest);
    List<String> done = new ArrayList<>();
    for (String id : ids) {
      if (Files.exists(killed.resolve(id))) {
        assertTrue(Files.exists(killed.resolve(id).resolve("_SUCCESS")), id + ": a scan directory exists only complete");
        done.add(id);
      }
    }
    assertTrue(!done.isEmpty() && done.size() < ids.size(), "killed between the first and the last scan: " + done);
    try (Stream<Path> top = Files.list(killed)) {
      for (Path p : top.toList()) {
        String name = p.getFileName().toString();
        // the killed run's lock stays behind; its process is gone, so the resume takes it over
        assertTrue(name.equals("_temporary") || name.equals("_voxtile.lock") || done.contains(name),
            "nothing under a final name but finished scans: " + p);
      }
    }
    Map<Path, FileTime> finishedFiles = times(killed, done);

    // Resume: the finished scans are skipped and untouched, the others computed.
    String[] resume = {"run", pipeline.toString(), "--manifest", manifest.toString(), "--output", killed.toString(),
        "--master", "local[2]", "--resume"};
    Result r = MainTest.run(resume);
    assertEquals(0, r.status(), r.err());
    for (String id : done) {
      assertTrue(r.err().contains("scan '" + id + "' already done"), id + " skipped:\n" + r.err());
    }
    assertEquals(finishedFiles, times(killed, done), "finished scans' files are untouched by the resume");
    assertTrue(Files.exists(killed.resolve("_SUCCESS")));
    assertFalse(Files.exists(killed.resolve("_temporary")));
    assertFalse(Files.exists(killed.resolve("_voxtile.lock")), "the resume took the stale lock over and released it");

    // The same bytes as an uninterrupted run of the same batch: every scan has its own inputs, so
    // an output or feature row swapped between scans, or computed from another scan's files, shows.
    Path whole = temp.resolve("whole");
    Result uninterrupted = MainTest.run(new String[] {"run", pipeline.toString(), "--manifest", manifest.toString(),
        "--output", whole.toString(), "--master", "local[2]"});
    assertEquals(0, uninterrupted.status(), uninterrupted.err());
    SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false").getOrCreate();
    try {
      assertEquals(features(spark, whole), features(spark, killed), "the same feature rows, scan by scan");
    } finally {
      spark.stop();
    }
    for (String id : ids) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(id).resolve("edges.nii.gz")),
          Files.readAllBytes(killed.resolve(id).resolve("edges.nii.gz")), id + ": bit-identical output");
    }
    assertFalse(Arrays.equals(Files.readAllBytes(whole.resolve(ids.get(0)).resolve("edges.nii.gz")),
        Files.readAllBytes(whole.resolve(ids.get(1)).resolve("edges.nii.gz"))), "scans differ, so a swap would show");

    // --resume refuses to continue with another pipeline or changed inputs, before touching anything.
    Files.writeString(pipeline, Files.readString(pipeline).replace("sigma: 1.0", "sigma: 1.5"));
    Result changed = MainTest.run(resume);
    assertEquals(1, changed.status(), changed.err());
    assertEquals("voxtile: scan '" + done.get(0) + "': " + killed.resolve(done.get(0)).resolve("_SUCCESS")
        + " was written with another pipeline, weights, output options or input files; --resume only continues the "
        + "same job (rerun with --overwrite)", changed.err().strip());
    assertTrue(Files.exists(killed.resolve("_SUCCESS")), "a refused resume changes nothing");
  }

  /** Starts the job in its own JVM, kills it once a scan is done; null if it finished first. */
  private Path killAfterFirstScan(Path pipeline, Path manifest, Path out) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Djdk.reflect")
          || arg.startsWith("-Dio.netty")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx1g", "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", pipeline.toString(),
        "--manifest", manifest.toString(), "--output", out.toString(), "--master", "local[2]"));
    Path log = temp.resolve(out.getFileName() + ".log");
    Process job = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path first = out.resolve(ids(manifest).get(0)).resolve("_SUCCESS");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.exists(first) && job.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      if (!job.isAlive() || !Files.exists(first)) {
        if (System.nanoTime() >= deadline) {
          fail("the first scan was not done within 180 s; log:\n" + Files.readString(log));
        }
        assertEquals(0, job.waitFor(), "the job failed on its own; log:\n" + Files.readString(log));
        return null;
      }
      job.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      job.waitFor(60, TimeUnit.SECONDS);
      return Files.exists(out.resolve("_SUCCESS")) ? null : out;
    } finally {
      job.destroyForcibly();
    }
  }

  /** A manifest of {@code scans} scans, each with its own phantom head (noise seed = scan index). */
  private Path manifest(int scans, int attempt) throws IOException {
    StringBuilder csv = new StringBuilder("scan_id,t1,t2\n");
    for (int i = 0; i < scans; i++) {
      Path head = temp.resolve("inputs").resolve("s" + i);
      if (!Files.exists(head.resolve("phantom_t2.nii.gz"))) {
        Result made = MainTest.run(new String[] {"phantom", head.toString(), "--seed", Integer.toString(i)});
        assertEquals(0, made.status(), made.err());
      }
      csv.append(String.format("s%02d,%s,%s%n", i, head.resolve("phantom_t1.nii.gz"), head.resolve("phantom_t2.nii.gz")));
    }
    return Files.writeString(temp.resolve("scans-" + attempt + ".csv"), csv);
  }

  private static List<String> ids(Path manifest) throws IOException {
    return Files.readAllLines(manifest).stream().skip(1).map(l -> l.split(",")[0]).toList();
  }

  private static Map<Path, FileTime> times(Path out, List<String> ids) {
    Map<Path, FileTime> times = new LinkedHashMap<>();
    for (String id : ids) {
      try (Stream<Path> files = Files.walk(out.resolve(id))) {
        for (Path f : files.sorted().toList()) {
          times.put(f, Files.getLastModifiedTime(f));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return times;
  }

  private static List<String> features(SparkSession spark, Path out) {
    return spark.read().parquet(out.resolve("features.parquet").toString())
        .orderBy("scan_id", "node", "channel", "feature", "level", "bin").collectAsList().stream()
        .map(Object::toString).toList();
  }
}
