package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voxtile.cli.MainTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.network.weights.Weights;

class DescribeCommandTest {
  @TempDir Path dir;

  @Test
  void printsEveryNodeAndThePlan() {
    Result r = run("describe", "conf/unet.yaml", "--shape", "80,96,80");
    assertEquals(0, r.status(), r.err());
    for (String node : List.of("enc1", "down", "enc2", "up", "skip", "dec1", "out")) {
      assertTrue(Pattern.compile("(?m)^" + node + " ").matcher(r.out()).find(), node + " in\n" + r.out());
    }
    assertTrue(r.out().contains("out            conv3d                      1 80x96x80       10x10x10"), r.out());
    assertTrue(r.out().contains("input halo per side: lower 5,5,5, upper 5,5,5"), r.out());
    assertTrue(r.out().contains("peak memory per task") && r.out().contains("halo overhead"), r.out());
    assertTrue(r.out().contains("total: 8417 parameters"), r.out());
  }

  @Test
  void jsonIsOneObjectWithNodesAndPlan() {
    Result r = run("describe", "conf/vgg.yaml", "--shape", "64,64,48", "--json", "--tile", "16,16,16");
    assertEquals(0, r.status(), r.err());
    String json = r.out().trim();
    assertTrue(json.startsWith("{") && json.endsWith("}") && !json.contains("\n"), json);
    // strict JSON: a JSON parser (snakeyaml-engine's JSON schema) reads it
    Map<?, ?> parsed = (Map<?, ?>) new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings
        .builder().setSchema(new org.snakeyaml.engine.v2.schema.JsonSchema()).build()).loadFromString(json);
    List<?> nodes = (List<?>) parsed.get("nodes");
    assertEquals(9, nodes.size(), json);
    assertEquals("c1", ((Map<?, ?>) nodes.get(0)).get("name"), json);
    for (Object node : nodes) {
      for (String key : List.of("name", "op", "channels", "out_shape", "receptive_field", "jump", "params", "macs")) {
        assertTrue(((Map<?, ?>) node).containsKey(key), key + " in " + node);
      }
      assertEquals(3, ((List<?>) ((Map<?, ?>) node).get("receptive_field")).size(), node.toString());
    }
    assertTrue(parsed.get("plan") instanceof Map, json);
    // a4 after two 3x3x3 convs, a 2x2x2 pool and two more: r = 1+2+2+1+4+4 = 14, j = 2
    assertTrue(json.contains("{\"name\": \"a4\", \"op\": \"relu\", \"inputs\": [\"c4\"], \"channels\": 32, "
        + "\"out_shape\": [32, 32, 24], \"receptive_field\": [14, 14, 14], \"jump\": [2, 2, 2]"), json);
    // c1: 16 x 2 x 27 weights + 16 biases, one MAC per weight per output voxel
    assertTrue(json.contains("\"params\": 880, \"macs\": " + 64L * 64 * 48 * 16 * 2 * 27), json);
    // 64x64x48 -> output 32x32x24 in 16^3 tiles: 2 x 2 x 2
    assertTrue(json.contains("\"plan\": {\"tiles\": 8, \"reference\": \"a4\", \"tile_extent\": [16, 16, 16]"), json);
    assertTrue(json.contains("\"memory_per_task\": null"), json);
  }

  @Test
  void clusterPredictsTasksWavesBytesAndTime() {
    Result text = run("describe", "conf/vgg.yaml", "--shape", "64,64,48", "--tile", "16,16,16", "--cluster", "2,3,8g");
    assertEquals(0, text.status(), text.err());
    assertTrue(text.out().contains("cluster: 2 executors x 3 cores, 8.0 GiB each: 3 tasks at once per executor, 6 in "
        + "all"), text.out());
    // 8 tiles on 6 slots: two waves
    assertTrue(Pattern.compile("(?m)^0 +outputs +8 +2 ").matcher(text.out()).find(), text.out());
    assertTrue(text.out().contains("expected wall time: "), text.out());
    Result json = run("describe", "conf/vgg.yaml", "--shape", "64,64,48", "--tile", "16,16,16", "--cluster", "2,3,8g",
        "--json");
    assertEquals(0, json.status(), json.err());
    // the output a4: 32 channels of 32x32x24 float32
    assertTrue(json.out().contains("\"capacity\": {\"executors\": 2, \"cores_per_executor\": 3, "), json.out());
    assertTrue(json.out().contains("\"output_bytes\": " + 32L * 32 * 32 * 24 * 4), json.out());
  }

  @Test
  void showsEachOutputsDatatype() throws Exception {
    Path p = dir.resolve("labels.yaml");
    Files.writeString(p, """
        inputs: [t1]
        nodes:
          - {name: probs, op: sigmoid}
          - {name: labels, op: relu}
        outputs: [probs, {node: labels, datatype: uint8}]
        """);
    Result text = run("describe", p.toString(), "--shape", "5,6,7");
    assertEquals(0, text.status(), text.err());
    assertTrue(text.out().contains("\noutputs  probs (float32), labels (uint8)\n"), text.out());
    Result json = run("describe", p.toString(), "--shape", "5,6,7", "--json");
    assertTrue(json.out().contains("\"outputs\": [{\"node\": \"probs\", \"datatype\": \"float32\"}, "
        + "{\"node\": \"labels\", \"datatype\": \"uint8\"}]"), json.out());
  }

  @Test
  void jumpIsFractionalAfterUpsampling() throws Exception {
    Path p = dir.resolve("up.yaml");
    Files.writeString(p, """
        inputs: [t1]
        nodes:
          - {name: up, op: conv_transpose3d, out_channels: 1, kernel_size: 2, stride: 2, init: {seed: 1}}
        outputs: [up]
        """);
    Result r = run("describe", p.toString(), "--shape", "5,6,7", "--json");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("\"out_shape\": [10, 12, 14], \"receptive_field\": [1, 1, 1], "
        + "\"jump\": [0.5, 0.5, 0.5]"), r.out());
    Result text = run("describe", p.toString(), "--shape", "5,6,7");
    assertTrue(text.out().contains("0.5x0.5x0.5"), text.out());
  }

  @Test
  void usageErrorsExit2() {
    assertEquals(2, run("describe", "conf/vgg.yaml").status(), "no --shape");
    assertEquals(2, run("describe", "--shape", "8,8,8").status(), "no pipeline");
    assertEquals(2, run("describe", "conf/vgg.yaml", "--shape", "8,x,8").status());
    assertEquals(2, run("describe", "conf/vgg.yaml", "--shape", "8,0,8").status());
    assertEquals(2, run("describe", "conf/vgg.yaml", "--shape", "8,8,8", "--colour").status());
    assertEquals(2, run("describe", "conf/vgg.yaml", "--shape", "8,8,8", "--memory-per-task", "lots").status());
    Result r = run("describe", "conf/vgg.yaml", "--shape");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--shape needs a value") && r.err().contains("usage: voxtile describe"), r.err());
  }

  @Test
  void pipelineErrorsExit1NamingTheProblem() throws Exception {
    Result missing = run("describe", dir.resolve("nope.yaml").toString(), "--shape", "8,8,8");
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("nope.yaml: no such file"), missing.err());
    Result tooSmall = run("describe", "conf/vgg.yaml", "--shape", "1,8,8");
    assertEquals(1, tooSmall.status());
    assertTrue(tooSmall.err().contains("node 'p1'"), tooSmall.err());
    Result budget = run("describe", "conf/vgg.yaml", "--shape", "32,32,32", "--memory-per-task", "1k");
    assertEquals(1, budget.status());
    assertTrue(budget.err().contains("--memory-per-task"), budget.err());
    Path weights = dir.resolve("w.safetensors");
    Files.write(weights, new byte[] {1, 2, 3});
    Result badWeights = run("describe", "conf/vgg.yaml", "--shape", "8,8,8", "--weights", weights.toString());
    assertEquals(1, badWeights.status());
    assertTrue(badWeights.err().contains("w.safetensors"), badWeights.err());
  }

  @Test
  void describesAPipelineWhoseWeightsDoNotExistYet() throws Exception {
    Path pipeline = dir.resolve("p.yaml");
    Files.writeString(pipeline, "inputs: [t1]\nnodes:\n  - {name: c1, op: conv3d, out_channels: 2, kernel_size: 3}\n"
        + "  - {name: a1, op: relu}\noutputs: [a1]\n");
    Result text = run("describe", pipeline.toString(), "--shape", "8,8,8");
    assertEquals(0, text.status(), text.err());
    assertTrue(text.out().contains("weights  missing: c1.weight, c1.bias"), text.out());
    // c1: 2 x 1 x 27 weights + 2 biases; shapes and MACs need no weight values
    assertTrue(text.out().contains("total: 56 parameters"), text.out());
    Result json = run("describe", pipeline.toString(), "--shape", "8,8,8", "--json");
    assertEquals(0, json.status(), json.err());
    assertTrue(json.out().contains("\"missing_weights\": [\"c1.weight\", \"c1.bias\"]"), json.out());
    Result complete = run("describe", "conf/vgg.yaml", "--shape", "8,8,8", "--json");
    assertTrue(complete.out().contains("\"missing_weights\": []"), complete.out());
    assertTrue(!run("describe", "conf/vgg.yaml", "--shape", "8,8,8").out().contains("missing"));
    // run still refuses them before any task: HostileInputCatalogueTest's "weight tensor missing"
  }

  @Test
  void memoryBudgetChoosesTheTiles() {
    Result roomy = run("describe", "conf/resnet-block.yaml", "--shape", "40,40,40", "--json", "--cores", "1");
    assertTrue(roomy.out().contains("\"plan\": {\"tiles\": 1,"), roomy.out());
    Result twoCores = run("describe", "conf/resnet-block.yaml", "--shape", "40,40,40", "--json", "--cores", "2");
    assertTrue(twoCores.out().contains("\"plan\": {\"tiles\": 2,"), "a tile per core: " + twoCores.out());
    assertEquals(2, run("describe", "conf/resnet-block.yaml", "--shape", "40,40,40", "--cores", "0").status());
    Result tight = run("describe", "conf/resnet-block.yaml", "--shape", "40,40,40", "--json",
        "--memory-per-task", "8m");
    assertEquals(0, tight.status(), tight.err());
    Matcher peak = Pattern.compile("\"peak_bytes\": (\\d+)").matcher(tight.out());
    assertTrue(peak.find(), tight.out());
    assertTrue(Long.parseLong(peak.group(1)) <= 8L << 20, tight.out());
    assertTrue(!tight.out().contains("\"plan\": {\"tiles\": 1,"), tight.out());
    assertTrue(tight.out().contains("\"memory_per_task\": " + (8L << 20)), tight.out());
  }

  @Test
  void memorySizesReadLikeSparkSettings() {
    assertEquals(512L << 20, size("512m"));
    assertEquals(2L << 30, size("2G"));
    assertEquals(64L << 10, size("64KiB"));
    assertEquals(512L << 20, size("512MiB"));
    assertEquals(2L << 30, size("2gib"));
    assertEquals(1000, size("1000"));
    assertThrows(UsageException.class, () -> size("0"));
    assertThrows(UsageException.class, () -> size("-5m"));
    assertThrows(UsageException.class, () -> size("m"));
    UsageException e = assertThrows(UsageException.class, () -> size("lots"));
    assertEquals("--memory-per-task: expected a size such as 512m, 2g, 2gib or bytes, got 'lots'", e.getMessage());
  }

  private static long size(String text) {
    return OptionValue.SIZE.parse("--memory-per-task", text);
  }

  @Test
  void saveWeightsWritesEveryTensorTheNetworkUses() {
    Path file = dir.resolve("unet.safetensors");
    Result r = run("describe", "conf/unet.yaml", "--shape", "8,8,8", "--save-weights", file.toString());
    assertEquals(0, r.status(), r.err());
    Weights saved = Weights.read(file);
    assertEquals(List.of("dec1.bias", "dec1.weight", "enc1.bias", "enc1.weight", "enc2.bias", "enc2.weight",
        "out.bias", "out.weight", "up.bias", "up.weight"), List.copyOf(saved.names()));
    assertEquals(8417, saved.tensors().stream().mapToLong(t -> t.data().length).sum());
    Result again = run("describe", "conf/unet.yaml", "--shape", "8,8,8", "--weights", file.toString());
    assertEquals(0, again.status(), again.err());
  }

  @Test
  void slidingWindowModeDescribesOneWindowAndListsTheWindows() {
    // MONAI's rules on 181 with a 96 window at overlap 0.5: interval 48, starts 0, 48, 85
    Result r = run("describe", "conf/norm/nnunet-windows.yaml", "--shape", "181,217,181");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("sliding window: 36 windows of 96,96,96 over 181,217,181 (overlap 0.5, blend gaussian"),
        r.out());
    assertTrue(r.out().contains("starts x: [0, 48, 85]") && r.out().contains("starts y: [0, 48, 96, 121]"), r.out());
    assertTrue(r.out().contains("overlap factor: 4.480"), r.out());
    assertTrue(r.out().contains("memory per task: "), r.out());
    assertTrue(r.out().contains("out            conv3d                      2 96x96x96"), "nodes of one window:\n" + r.out());
    // flags override the file; the JSON carries the same summary
    Result j = run("describe", "conf/norm/nnunet-windows.yaml", "--shape", "181,217,181", "--json", "--roi-size",
        "64,64,64", "--overlap", "0.25", "--blend", "constant");
    assertEquals(0, j.status(), j.err());
    assertTrue(j.out().contains("\"sliding_window\": {\"roi_size\": [64, 64, 64], \"overlap\": 0.25, \"blend\": "
        + "\"constant\", \"padding\": \"constant\", \"cval\": 0.0, \"windows\": 80, \"padding_before\": [0, 0, 0], "
        + "\"starts\": [[0, 48, 96, 117], [0, 48, 96, 144, 153], [0, 48, 96, 117]]"), j.out());
  }
}
