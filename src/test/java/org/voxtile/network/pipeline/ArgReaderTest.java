package org.voxtile.network.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.voxtile.network.OpRegistry;

/** Typed access to a node's op arguments, with errors naming file, node and key. */
class ArgReaderTest {
  /** The arguments of one node written as a YAML flow mapping, as the parser hands them on. */
  @SuppressWarnings("unchecked")
  static ArgReader args(String axes, String node) {
    Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) StrictYaml.loadYaml(node, "test.yaml"));
    String name = (String) entry.get("name");
    entry.keySet().removeAll(ArgReader.NODE_KEYS);
    return new NodeArgs("test.yaml", name, axes.equals("zyx") ? Axes.ZYX : Axes.XYZ, "", entry).reader();
  }

  static ArgReader args(String node) {
    return args("xyz", node);
  }

  static String error(Runnable read) {
    return assertThrows(PipelineException.class, read::run).getMessage();
  }

  @Test
  void singleNumberMeansAllThreeAxes() {
    assertEquals(Triple.of(3), args("{name: c, op: conv3d, kernel_size: 3}").intTriple("kernel_size", 1));
  }

  @Test
  void tupleIsXyzByDefault() {
    assertEquals(new Triple(1, 3, 5), args("{name: c, op: conv3d, kernel_size: [1, 3, 5]}").intTriple("kernel_size", 1));
  }

  @Test
  void zyxTupleOrder() {
    assertEquals(new Triple(5, 3, 1),
        args("zyx", "{name: c, op: conv3d, kernel_size: [1, 3, 5]}").intTriple("kernel_size", 1));
  }

  @Test
  void badTuple() {
    ArgReader c2 = args("{name: c2, op: conv3d, kernel_size: [3, 3]}");
    assertEquals("test.yaml: node 'c2': kernel_size must be a positive integer or a list of 3, got [3, 3]",
        error(() -> c2.intTriple("kernel_size", 1)));
    ArgReader zero = args("{name: c2, op: conv3d, kernel_size: 0}");
    assertEquals("test.yaml: node 'c2': kernel_size must be a positive integer or a list of 3, got 0",
        error(() -> zero.intTriple("kernel_size", 1)));
    ArgReader negative = args("{name: c2, op: conv3d, padding: [1, -1, 0]}");
    assertEquals("test.yaml: node 'c2': padding must be a non-negative integer or a list of 3, got [1, -1, 0]",
        error(() -> negative.intTriple("padding", 0, Triple.of(0))));
    ArgReader real = args("{name: c2, op: conv3d, stride: 2.0}");
    assertEquals("test.yaml: node 'c2': stride must be a positive integer or a list of 3, got 2.0",
        error(() -> real.intTriple("stride", 1, Triple.of(1))));
  }

  @Test
  void defaultsApplyOnlyWhenAbsent() {
    ArgReader reader = args("{name: c, op: leaky_relu}");
    assertEquals(Triple.of(1), reader.intTriple("stride", 1, Triple.of(1)));
    assertEquals(0.01, reader.real("negative_slope", 0.01));
    assertTrue(reader.bool("bias", true));
    assertEquals(1, reader.positiveInteger("groups", 1));
    assertEquals("zeros", reader.choice("padding_mode", "zeros", "zeros", "replicate"));
    reader.finish("leaky_relu");
  }

  @Test
  void missingRequiredKey() {
    ArgReader c1 = args("{name: c1, op: conv3d}");
    assertEquals("test.yaml: node 'c1': out_channels missing", error(() -> c1.positiveInteger("out_channels")));
  }

  @Test
  void wrongTypes() {
    ArgReader c = args("{name: c, op: conv3d, out_channels: many, bias: 1, negative_slope: .inf, mode: 3}");
    assertEquals("test.yaml: node 'c': out_channels must be a positive integer, got 'many'",
        error(() -> c.positiveInteger("out_channels")));
    assertEquals("test.yaml: node 'c': bias must be true or false, got 1", error(() -> c.bool("bias", true)));
    assertEquals("test.yaml: node 'c': negative_slope must be a finite number, got Infinity",
        error(() -> c.real("negative_slope", 0.01)));
    assertEquals("test.yaml: node 'c': mode must be a string, got 3", error(() -> c.string("mode")));
  }

  @Test
  void choiceSuggestsTheNearest() {
    ArgReader p = args("{name: p, op: pad, mode: replicat}");
    assertEquals("test.yaml: node 'p': mode must be one of constant, replicate, got 'replicat' (did you mean replicate?)",
        error(() -> p.choice("mode", "constant", "constant", "replicate")));
  }

  @Test
  void intList() {
    ArgReader p = args("{name: p, op: pad, padding: [1, 1, 0, 0, 2, 2]}");
    assertEquals(List.of(1, 1, 0, 0, 2, 2), p.intList("padding", 6, 0));
    ArgReader bad = args("{name: p, op: pad, padding: [1, 1]}");
    assertEquals("test.yaml: node 'p': padding must be a list of 6 non-negative integers, got [1, 1]",
        error(() -> bad.intList("padding", 6, 0)));
  }

  @Test
  void unknownKey() {
    ArgReader c1 = args("{name: c1, op: conv3d, out_channels: 4, kernal_size: 3}");
    c1.positiveInteger("out_channels");
    c1.intTriple("kernel_size", 1, Triple.of(1));
    assertEquals("test.yaml: node 'c1': unknown key 'kernal_size' for op conv3d (did you mean kernel_size?)",
        error(() -> c1.finish("conv3d")));
  }

  @Test
  void unknownKeySuggestsNodeKeys() {
    ArgReader a = args("{name: a, op: relu, input: [t1]}");
    assertEquals("test.yaml: node 'a': unknown key 'input' for op relu (did you mean inputs?)",
        error(() -> a.finish("relu")));
  }

  @Test
  void unknownKeyWithoutNearNeighbour() {
    ArgReader a = args("{name: a, op: relu, inplace: true}");
    assertEquals("test.yaml: node 'a': unknown key 'inplace' for op relu", error(() -> a.finish("relu")));
  }

  @Test
  void initParametersAreReadLikeArguments() {
    PipelineSpec spec = PipelineFile.parse("inputs: [t1]\noutputs: [s]\nnodes:\n"
        + "  - {name: s, op: conv3d, init: {kernel: gaussian, sigma: 1.0, sigmaa: 2}}\n",
        "test.yaml", Path.of("."), OpRegistry.catalogue());
    InitSpec init = spec.node("s").init().orElseThrow();
    assertFalse(init.isSeeded());
    ArgReader params = init.params().reader();
    assertEquals(1.0, params.real("sigma"));
    assertEquals("test.yaml:4: node 's': unknown key 'init.sigmaa' for gaussian kernel (did you mean sigma?)",
        error(() -> params.finish("gaussian kernel")));
  }

  @Test
  void editDistance() {
    assertEquals(1, Spelling.distance("kernal_size", "kernel_size"));
    assertEquals(3, Spelling.distance("kitten", "sitting"));
    assertEquals(0, Spelling.distance("", ""));
    assertEquals("", Spelling.suggestion("xyz", List.of("kernel_size")));
  }
}
