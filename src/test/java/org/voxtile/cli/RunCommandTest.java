package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
  void runsAStagedPipelineWithEveryCutForcedAndRefusesAForcedCutOverTheScratchBudget() throws Exception {
    Path out = temp.resolve("staged");
    String[] args = {"run", "conf/norm/preprocess-zscore.yaml", "--input", "t1=data-samples/phantom_t1.nii.gz",
        "--input", "t2=data-samples/phantom_t2.nii.gz", "--output", out.toString(), "--tile", "80,96,40",
        "--master", "local[2]", "--cuts", "materialise"};
    MainTest.Result r = MainTest.run(args);
    assertEquals(0, r.status(), r.err());
    String report = Files.readString(out.resolve("report.json"));
    assertTrue(report.contains("\"statistics_of\": \"n1\"") && report.contains("\"choice\": \"materialise\""),
        report);
    MainTest.Result over = MainTest.run("run", "conf/norm/preprocess-zscore.yaml", "--input",
        "t1=data-samples/phantom_t1.nii.gz", "--input", "t2=data-samples/phantom_t2.nii.gz", "--output",
        temp.resolve("over").toString(), "--cuts", "materialise", "--scratch-budget", "1m");
    assertEquals(1, over.status(), over.err());
    assertTrue(over.err().contains("--scratch-budget 1.0 MiB"), over.err());
    assertFalse(Files.exists(temp.resolve("over")), "refused before Spark starts, nothing written");
    assertEquals(2, MainTest.run("run", "conf/norm/preprocess-zscore.yaml", "--input", "t1=a.nii", "--output",
        temp.resolve("o").toString(), "--cuts", "sometimes").status());
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
  void readsTilesAndSizesAsDescribeDoes() {
    assertEquals(Optional.of(Extent.of(32, 40, 24)), OptionValue.TILE.parse("--tile", "32,40,24"));
    assertEquals(Optional.of(Extent.of(28, 36, 20)), OptionValue.TILE.parse("--tile", "28x36x20"));
    assertEquals(Optional.of(Extent.cube(16)), OptionValue.TILE.parse("--tile", "16"));
    assertTrue(OptionValue.TILE.parse("--tile", "auto").isEmpty());
    assertEquals(512L << 20, OptionValue.SIZE.parse("--memory-per-task", "512m"));
    assertEquals(2L << 30, OptionValue.SIZE.parse("--memory-per-task", "2G"));
    assertEquals(2L << 30, OptionValue.SIZE.parse("--memory-per-task", "2gib"));
  }

  @Test
  void theSameSizesTriplesAndEqualsFormAsDescribe() throws Exception {
    // each value is read (and refused) the same way by run and describe: run stops at its first check
    // after the command line (the missing pipeline file), so a status of 1 means the line was accepted
    String missing = temp.resolve("missing.yaml").toString();
    for (String[] options : List.of(new String[] {"--memory-per-task", "2gib"}, new String[] {"--memory-per-task=512MiB"},
        new String[] {"--tile", "28x36x20"}, new String[] {"--tile=28,36,20"}, new String[] {"--tile=auto"})) {
      List<String> run = new java.util.ArrayList<>(List.of("run", missing, "--input=t1=a.nii", "--output=" + temp.resolve("o")));
      run.addAll(List.of(options));
      MainTest.Result r = MainTest.run(run.toArray(String[]::new));
      assertEquals(1, r.status(), String.join(" ", options) + ": " + r.err());
      assertTrue(r.err().contains("missing.yaml"), r.err());
      List<String> describe = new java.util.ArrayList<>(List.of("describe", "conf/unet.yaml", "--shape=80x96x80"));
      describe.addAll(List.of(options));
      MainTest.Result d = MainTest.run(describe.toArray(String[]::new));
      assertEquals(0, d.status(), String.join(" ", options) + ": " + d.err());
    }
    for (String[] bad : List.of(new String[] {"--memory-per-task", "lots"}, new String[] {"--tile=0,4,4"})) {
      List<String> run = new java.util.ArrayList<>(List.of("run", missing, "--input", "t1=a.nii", "--output", "o"));
      run.addAll(List.of(bad));
      List<String> describe = new java.util.ArrayList<>(List.of("describe", "conf/unet.yaml", "--shape", "8,8,8"));
      describe.addAll(List.of(bad));
      String runError = MainTest.run(run.toArray(String[]::new)).err().lines().findFirst().orElseThrow();
      String describeError = MainTest.run(describe.toArray(String[]::new)).err().lines().findFirst().orElseThrow();
      assertEquals(runError.replace("voxtile run: ", ""), describeError.replace("voxtile describe: ", ""));
    }
  }

  @Test
  void overwriteAndResumeExcludeEachOther() {
    MainTest.Result r = MainTest.run("run", "conf/vgg.yaml", "--manifest", "m.csv", "--output", "o", "--overwrite",
        "--resume");
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("voxtile run: --overwrite starts a batch over, --resume continues it"), r.err());
  }
}
