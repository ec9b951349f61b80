package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;

class RunCommandTest {
  @TempDir
  Path temp;

  @Test
  void runsTheSampleInLocalModeAndRefusesToOverwriteWithoutBeingAsked() throws Exception {
    Path out = temp.resolve("out");
    Path saved = temp.resolve("edge-weights.safetensors");
    String[] args = {"run", "conf/edge-features.yaml", "--input", "t1=data-samples/phantom_t1.nii.gz",
        "--input", "t2=data-samples/phantom_t2.nii.gz", "--output", out.toString(), "--tile", "80,96,40",
        "--master", "local[2]", "--save-weights", saved.toString()};
    MainTest.Result first = MainTest.run(args);
    assertEquals(0, first.status(), first.err());
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(org.voxtile.network.weights.Weights.read(saved).names().contains("smooth.weight"),
        "--save-weights writes the built-in kernels as tensors");
    assertTrue(Files.readString(out.resolve("report.json")).contains("\"tiles\": 2"));
    MainTest.Result again = MainTest.run(args);
    assertEquals(1, again.status());
    assertTrue(again.err().contains("--overwrite"), again.err());
    assertEquals(1, again.err().lines().filter(l -> l.startsWith("voxtile:")).count(), again.err());
  }

  @Test
  void anInputOnAFileSystemWithoutItsConnectorIsOneLineNamingTheUriBeforeSparkStarts() {
    MainTest.Result r = MainTest.run("run", "conf/edge-features.yaml", "--input", "t1=s3a://bucket/sub-01/t1.nii.gz",
        "--input", "t2=data-samples/phantom_t2.nii.gz", "--output", temp.resolve("out").toString());
    assertEquals(1, r.status(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("s3a://bucket/sub-01/t1.nii.gz") && r.err().contains("scheme \"s3a\"")
        && r.err().contains("hadoop-aws"), r.err());
    assertFalse(Files.exists(temp.resolve("out")));
  }

  @Test
  void usageErrorsExitWithStatusTwoBeforeSparkStarts() {
    assertEquals(2, MainTest.run("run", "conf/vgg.yaml", "--input", "t1=a.nii").status(), "no --output");
    assertEquals(2, MainTest.run("run", "conf/vgg.yaml", "--input", "t1", "--output", "o").status());
    assertEquals(2, MainTest.run("run", "conf/vgg.yaml", "--input", "t1=a", "--bids", "d", "--output", "o").status());
    assertEquals(2, MainTest.run("run", "conf/vgg.yaml", "--input", "t1=a", "--tile", "0,1,1", "--output", "o")
        .status());
    assertFalse(Files.exists(Path.of("o")));
  }

  @Test
  void parsesTilesAndSizes() {
    assertEquals(Extent.of(32, 40, 24), RunCommand.parseTile("32,40,24").orElseThrow());
    assertEquals(Extent.cube(16), RunCommand.parseTile("16").orElseThrow());
    assertTrue(RunCommand.parseTile("auto").isEmpty());
    assertEquals(512L << 20, RunCommand.parseBytes("512m"));
    assertEquals(2L << 30, RunCommand.parseBytes("2G"));
  }
}
