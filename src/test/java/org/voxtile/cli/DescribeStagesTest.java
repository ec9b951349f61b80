package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voxtile.cli.MainTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.tiling.StagedPlanner;

/**
 * {@code describe} on pipelines with global nodes: planned in stages, which the text lists after
 * the plan and the JSON always has, with the choice at each cut, {@code --cuts} and
 * {@code --scratch-budget} as given.
 */
class DescribeStagesTest {
  private static final String SCAN = "181,217,181";
  private static final Set<String> CHOICES = Set.of("recompute", "materialise");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"nnunet-style.yaml, 10, e1a_norm", "segresnet-block.yaml, 2, gn1", "preprocess-zscore.yaml, 2, norm"})
  void textListsAStagePerGlobalNodeThenTheOutputs(String file, int globalNodes, String firstNorm) {
    Result r = run("describe", "conf/norm/" + file, "--shape", SCAN);
    assertEquals(0, r.status(), r.err());
    String out = r.out();
    assertTrue(out.contains("\nstages: " + (globalNodes + 1) + ", the statistics of each global node, then the "
        + "outputs (--cuts auto, --scratch-budget 64.0 GiB)\n"), out);
    List<String[]> rows = stageRows(out);
    assertEquals(globalNodes + 1, rows.size(), out);
    assertEquals(firstNorm, rows.get(0)[1], out);
    assertEquals("outputs", rows.get(globalNodes)[1], out);
    assertEquals("-", rows.get(globalNodes)[4], "the final stage has no cut: " + out);
    for (int i = 0; i < globalNodes; i++) {
      assertTrue(CHOICES.contains(rows.get(i)[4]), out);
    }
    assertTrue(Pattern.compile("(?m)^total:  \\S+ MACs, scratch .+ written and .+ read, about \\S+ core-seconds$")
        .matcher(out).find(), out);
    assertTrue(out.contains("cost model: 2.00G MAC/s per core, 200M scratch bytes/s per task"), out);
    assertTrue(out.indexOf("\nplan:") < out.indexOf("\nstages:"), out);
  }

  @ParameterizedTest
  @CsvSource({"nnunet-style.yaml, 10, e1a_norm", "segresnet-block.yaml, 2, gn1", "preprocess-zscore.yaml, 2, norm"})
  void jsonHasTheStagesAndTheirTotals(String file, int globalNodes, String firstNorm) {
    Map<?, ?> d = json("conf/norm/" + file, "--shape", SCAN);
    List<Map<?, ?>> stages = stages(d);
    assertEquals(globalNodes + 1, stages.size());
    assertEquals(firstNorm, stages.get(0).get("statistics_of"));
    assertEquals(0, stages.get(0).get("index"));
    Map<?, ?> last = stages.get(globalNodes);
    assertNull(last.get("statistics_of"));
    assertNull(last.get("choice"));
    assertEquals(globalNodes, last.get("index"));
    // the node table and the plan are the final stage's tiles
    assertEquals(((Map<?, ?>) d.get("plan")).get("tiles"), last.get("tiles"));
    long macs = 0;
    for (Map<?, ?> s : stages) {
      assertTrue(number(s, "macs") > 0, s.toString());
      assertTrue(number(s, "tiles") >= 1 && number(s, "passes") >= 1, s.toString());
      macs += number(s, "macs");
    }
    Map<?, ?> staging = (Map<?, ?>) d.get("staging");
    assertEquals("auto", staging.get("cuts"));
    assertEquals(64L << 30, number(staging, "scratch_budget"));
    assertEquals(macs, number(staging, "macs"));
    assertEquals((long) StagedPlanner.MACS_PER_SECOND, number(staging, "macs_per_second"));
    assertEquals((long) StagedPlanner.SCRATCH_BYTES_PER_SECOND, number(staging, "scratch_bytes_per_second"));
  }

  /** @param scanCuts leading stages whose global node reads the scan itself: no map crosses their cut */
  @ParameterizedTest
  @CsvSource({"nnunet-style.yaml, 0", "segresnet-block.yaml, 0", "preprocess-zscore.yaml, 1"})
  void cutsMaterialiseWritesEveryCutAndRecomputeNone(String file, int scanCuts) {
    List<Map<?, ?>> materialised = stages(json("conf/norm/" + file, "--shape", SCAN, "--cuts", "materialise"));
    long read = 0;
    for (Map<?, ?> s : materialised.subList(0, materialised.size() - 1)) {
      assertEquals("materialise", s.get("choice"), s.toString());
      boolean scan = number(s, "index") < scanCuts;
      assertEquals(scan, number(s, "scratch_bytes_written") == 0, s.toString());
      assertEquals(scan, ((List<?>) s.get("materialises")).isEmpty(), s.toString());
      read += number(s, "scratch_bytes_read");
    }
    Map<?, ?> last = materialised.get(materialised.size() - 1);
    assertTrue(read + number(last, "scratch_bytes_read") > 0, materialised.toString());
    assertFalse(((List<?>) last.get("reads")).isEmpty(), last.toString());

    Map<?, ?> d = json("conf/norm/" + file, "--shape", SCAN, "--cuts", "recompute");
    assertEquals("recompute", ((Map<?, ?>) d.get("staging")).get("cuts"));
    List<Map<?, ?>> recomputed = stages(d);
    for (Map<?, ?> s : recomputed) {
      assertEquals(0L, number(s, "scratch_bytes_written"), s.toString());
      assertEquals(0L, number(s, "scratch_bytes_read"), s.toString());
      assertTrue(((List<?>) s.get("reads")).isEmpty(), s.toString());
    }
    recomputed.subList(0, recomputed.size() - 1).forEach(s -> assertEquals("recompute", s.get("choice")));
    // the outputs need the first global node's input again, computed from the scan
    assertFalse(((List<?>) recomputed.get(recomputed.size() - 1).get("recomputes")).isEmpty(), recomputed.toString());
  }

  @Test
  void scratchBudgetBoundsWhatAutoAndMaterialiseMayWrite() {
    List<Map<?, ?>> tight = stages(json("conf/norm/segresnet-block.yaml", "--shape", SCAN, "--scratch-budget", "1k"));
    assertEquals(3, tight.size());
    tight.forEach(s -> assertEquals(0L, number(s, "scratch_bytes_written"), s.toString()));
    Result forced = run("describe", "conf/norm/segresnet-block.yaml", "--shape", SCAN, "--cuts", "materialise",
        "--scratch-budget", "100m");
    assertEquals(1, forced.status(), forced.out());
    assertTrue(forced.err().contains("--cuts materialise writes 867.8 MiB of materialised maps per scan, more than "
        + "--scratch-budget 100.0 MiB"), forced.err());
  }

  @Test
  void aFixedTileIsInVoxelsOfEachStagesReferenceMap() {
    // 64^3 tiles: 3x4x3 of the full-resolution maps, 2x2x2 of the 91x109x91 level, one of 46x55x46
    List<Map<?, ?>> stages = stages(json("conf/norm/nnunet-style.yaml", "--shape", SCAN, "--tile", "64"));
    List<Object> tiles = new ArrayList<>();
    stages.forEach(s -> tiles.add(s.get("tiles")));
    assertEquals(List.of(36, 36, 8, 8, 1, 1, 8, 8, 36, 36, 36), tiles);
  }

  @Test
  void badStagingValuesAreUsageErrors() {
    Result cuts = run("describe", "conf/norm/segresnet-block.yaml", "--shape", SCAN, "--cuts", "materialize");
    assertEquals(2, cuts.status());
    assertTrue(cuts.err().contains("--cuts: expected auto, recompute or materialise, got 'materialize'")
        && cuts.err().contains("usage: voxtile describe"), cuts.err());
    assertEquals(2, run("describe", "conf/norm/segresnet-block.yaml", "--shape", SCAN, "--cuts", "AUTO").status());
    assertEquals(2, run("describe", "conf/norm/segresnet-block.yaml", "--shape", SCAN, "--cuts").status());
    Result budget = run("describe", "conf/norm/segresnet-block.yaml", "--shape", SCAN, "--scratch-budget", "lots");
    assertEquals(2, budget.status());
    assertTrue(budget.err().contains("--scratch-budget: expected a size such as 512m, 2g, 2gib or bytes, got 'lots'"),
        budget.err());
  }

  @Test
  void aNetworkWithoutGlobalNodesHasOneStageAndNoStagesSection() {
    Result text = run("describe", "conf/unet.yaml", "--shape", "80,96,80");
    assertEquals(0, text.status(), text.err());
    assertFalse(text.out().contains("stages:"), text.out());
    Map<?, ?> d = json("conf/unet.yaml", "--shape", "80,96,80", "--tile", "40");
    List<Map<?, ?>> stages = stages(d);
    assertEquals(1, stages.size());
    assertNull(stages.get(0).get("statistics_of"));
    assertEquals(12, stages.get(0).get("tiles")); // 2 x 3 x 2 of 80x96x80
    assertEquals(12, ((Map<?, ?>) d.get("plan")).get("tiles"));
    assertEquals(0L, number(stages.get(0), "scratch_bytes_written"));
  }

  @Test
  void instanceNormWithRunningStatisticsIsDescribedAsInstanceNorm() throws Exception {
    Path p = dir.resolve("running.yaml");
    Files.writeString(p, """
        inputs: [t1]
        nodes:
          - {name: c, op: conv3d, out_channels: 2, kernel_size: 3, init: {seed: 1}}
          - {name: r, op: instance_norm, track_running_stats: true, init: {seed: 2}}
        outputs: [r]
        """);
    Result r = run("describe", p.toString(), "--shape", "8,8,8");
    assertEquals(0, r.status(), r.err());
    assertTrue(Pattern.compile("(?m)^r +instance_norm ").matcher(r.out()).find(), r.out());
    assertFalse(r.out().contains("batch_norm3d"), r.out());
    // eval mode is local: one stage, no statistics to gather
    assertFalse(r.out().contains("stages:"), r.out());
  }

  /** The stage rows of the text: index, statistics of, passes, tiles, cut, ... split at spaces. */
  private static List<String[]> stageRows(String out) {
    String section = out.substring(out.indexOf("\nstages:"));
    List<String[]> rows = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\d+ +.*$").matcher(section);
    while (m.find()) {
      rows.add(m.group().split(" +"));
    }
    return rows;
  }

  private static Map<?, ?> json(String... args) {
    List<String> all = new ArrayList<>(List.of("describe"));
    all.addAll(List.of(args));
    all.add("--json");
    Result r = run(all.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return (Map<?, ?>) new Load(LoadSettings.builder().setSchema(new JsonSchema()).build()).loadFromString(r.out());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<?, ?>> stages(Map<?, ?> d) {
    return (List<Map<?, ?>>) d.get("stages");
  }

  private static long number(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).longValue();
  }

}
