package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code voxtile run} as its own process, where Spark starts while the driver checks the run: a
 * mistake still ends the process with the one-line error, without waiting for Spark, and leaves
 * no output directory.
 */
class OwnProcessRunTest {
  @TempDir
  Path temp;

  @Test
  void aMistakeEndsTheProcessWithOneLineWhileSparkIsStarting() throws Exception {
    Path out = temp.resolve("out");
    Path missing = temp.resolve("missing_t2.nii.gz");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Djdk.reflect")
          || arg.startsWith("-Dio.netty")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx512m", "-Dlog4j2.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "conf/edge-features.yaml",
        "--input", "t1=data-samples/phantom_t1.nii.gz", "--input", "t2=" + missing, "--output", out.toString()));
    Path log = temp.resolve("run.log");
    Process run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the process did not end; log:\n" + Files.readString(log));
    String output = Files.readString(log);
    assertEquals(1, run.exitValue(), output);
    List<String> errors = output.lines().filter(l -> l.startsWith("voxtile:")).toList();
    assertEquals(List.of("voxtile: " + missing + ": file not found: " + missing), errors, output);
    assertFalse(Files.exists(out), "checked before the output directory is made");
  }
}
