package org.voxtile.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.ops.Op;

/** The op registry: the README lists exactly its ops, and each entry builds an op of its class and name. */
class OpRegistryTest {
  /** The smallest node of each op, on an input named t1 of 6x6x6; add and concat read t1 twice. */
  private static final Map<String, String> MINIMAL = Map.ofEntries(
      Map.entry("conv3d", "out_channels: 2, kernel_size: 3, init: {seed: 1}"),
      Map.entry("conv_transpose3d", "out_channels: 2, kernel_size: 2, stride: 2, init: {seed: 1}"),
      Map.entry("max_pool3d", "kernel_size: 2"),
      Map.entry("avg_pool3d", "kernel_size: 2"),
      Map.entry("adaptive_max_pool3d", "output_size: 2"),
      Map.entry("adaptive_avg_pool3d", "output_size: 2"),
      Map.entry("batch_norm3d", "init: {seed: 1}"),
      Map.entry("relu", ""),
      Map.entry("leaky_relu", "negative_slope: 0.2"),
      Map.entry("sigmoid", ""),
      Map.entry("tanh", ""),
      Map.entry("elu", ""),
      Map.entry("gelu", ""),
      Map.entry("prelu", ""),
      Map.entry("clamp", "min: 0"),
      Map.entry("softmax", ""),
      Map.entry("log_softmax", ""),
      Map.entry("argmax", ""),
      Map.entry("local_response_norm", "size: 2"),
      Map.entry("dropout", ""),
      Map.entry("dropout3d", "p: 0.1"),
      Map.entry("alpha_dropout", "p: 0.05, inplace: true"),
      Map.entry("mul", "inputs: [t1, t1]"),
      Map.entry("add", "inputs: [t1, t1]"),
      Map.entry("concat", "inputs: [t1, t1]"),
      Map.entry("pad", "pad: 1"),
      Map.entry("crop", "crop: 1"),
      Map.entry("interpolate", "scale_factor: 2, mode: trilinear"),
      Map.entry("instance_norm", ""),
      Map.entry("group_norm", "num_groups: 1"),
      Map.entry("normalize", "method: zscore"),
      Map.entry("reorient", "to: LPS"),
      Map.entry("resample", "spacing: [0.5, 2, 1.5], order: 0"),
      Map.entry("crop_to", "box: [1, 0, 2, 5, 6, 3]"),
      Map.entry("pad_to", "shape: [9, 4, 6], mode: replicate"),
      Map.entry("mask", "inputs: [t1, t1]"));

  @TempDir Path dir;

  @Test
  void readmeListsExactlyTheRegisteredOps() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher list = Pattern.compile("Each node names an op with PyTorch's argument names and defaults:(.*?)\\. A node",
        Pattern.DOTALL).matcher(readme);
    assertTrue(list.find(), "README.md's Pipelines section lists the ops after \"Each node names an op ...:\"");
    Set<String> listed = new TreeSet<>();
    Matcher name = Pattern.compile("`([a-z0-9_]+)`").matcher(list.group(1));
    while (name.find()) {
      listed.add(name.group(1));
    }
    assertEquals(OpRegistry.names(), listed, "README.md's op list and OpRegistry");
  }

  @Test
  void everyEntryBuildsAnOpOfItsNameAndClass() throws IOException {
    assertEquals(OpRegistry.names(), new TreeSet<>(MINIMAL.keySet()), "a minimal node per registered op");
    for (String op : OpRegistry.names()) {
      String args = MINIMAL.get(op);
      Path file = dir.resolve(op + ".yaml");
      Files.writeString(file, "inputs: [t1]\nnodes:\n  - {name: n, op: " + op + (args.isEmpty() ? "" : ", " + args)
          + "}\noutputs: [n]\n");
      NetworkBuilder.Built built = Pipeline.load(file, Optional.empty(), Map.of(), Extent.cube(6));
      Op op1 = built.network().nodes().stream().filter(n -> n.name().equals("n")).findFirst().orElseThrow().op();
      assertEquals(op, op1.name());
      assertEquals(OpRegistry.opClass(op).orElseThrow(), op1.getClass(), op);
    }
  }

  @Test
  void anUnknownOpIsRefusedWithASuggestion() throws IOException {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, "inputs: [t1]\nnodes:\n  - {name: n, op: conv3}\noutputs: [n]\n");
    PipelineException e = assertThrows(PipelineException.class,
        () -> Pipeline.read(file));
    assertTrue(e.getMessage().contains("unknown op 'conv3' (did you mean conv3d?)"), e.getMessage());
  }
}
