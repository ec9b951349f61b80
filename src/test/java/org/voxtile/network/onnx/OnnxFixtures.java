package org.voxtile.network.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Node;
import org.voxtile.network.NodeShape;
import org.voxtile.ops.GlobalOp;
import org.voxtile.tiling.CutChoice;
import org.voxtile.tiling.InMemoryScratch;
import org.voxtile.tiling.InputSource;
import org.voxtile.tiling.StagedPlan;
import org.voxtile.tiling.StagedPlanner;
import org.voxtile.tiling.StagingOptions;
import org.voxtile.tiling.StagedRunner;
import org.voxtile.volume.Volume;

/**
 * The committed ONNX models of {@code src/test/python/make_onnx_fixtures.py} (golden/onnx/): their
 * manifest, inputs and PyTorch outputs, and the two ways the tests run an imported model: every
 * node on its whole map, and tiled in stages by the single-JVM runner.
 */
final class OnnxFixtures {
  static final Path DIR = Path.of("src", "test", "resources", "golden", "onnx");

  /** One manifest line: {@code <model> opset=<n> in=C,X,Y,Z out=C,X,Y,Z [fixed] [new-ops]}. */
  record Model(String name, int opset, int[] in, int[] out, boolean fixed, boolean newOps) {
    Path onnx() {
      return DIR.resolve(name + ".onnx");
    }

    Extent inExtent() {
      return Extent.of(in[1], in[2], in[3]);
    }

    Volume input() {
      return Volume.wrap(Box.of(inExtent()), in[0], floats(DIR.resolve(name + ".input.bin")));
    }

    float[] expected() {
      return floats(DIR.resolve(name + ".expected.bin"));
    }
  }

  private OnnxFixtures() {}

  static List<Model> models() {
    List<Model> models = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(DIR.resolve("manifest.txt"))) {
        String[] f = line.trim().split(" ");
        models.add(new Model(f[0], Integer.parseInt(f[1].substring("opset=".length())), ints(f[2].substring(3)),
            ints(f[3].substring(4)), line.contains(" fixed"), line.contains(" new-ops")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return models;
  }

  static Model model(String name) {
    return models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  /** Imports {@code model} and builds it for its fixture input, channels named by default. */
  static NetworkBuilder.Built build(Model model) {
    OnnxImport.Imported imported = OnnxImport.read(model.onnx(), List.of());
    return NetworkBuilder.build(imported.spec(), Optional.of(imported.weights()), Map.of(), model.inExtent());
  }

  /** Every node computed on its whole map, global ops on their whole input: the reference. */
  static Volume whole(Network net, Volume scan) {
    Map<String, NodeShape> shapes = net.shapes(scan.extent());
    Map<String, Volume> maps = new HashMap<>();
    maps.put(Network.SOURCE, scan);
    for (Node node : net.nodes()) {
      List<Volume> inputs = node.inputs().stream().map(maps::get).toList();
      maps.put(node.name(), node.op() instanceof GlobalOp g ? g.applyWhole(inputs.toArray(new Volume[0]))
          : node.op().compute(inputs, Box.of(shapes.get(node.name()).extent()),
              shapes.get(node.inputs().get(0)).extent()));
    }
    return maps.get(net.outputs().get(0));
  }

  /** The staged single-JVM run with tiles of {@code tile} voxels of each stage's reference map. */
  static Volume tiled(Network net, Volume scan, Extent tile, CutChoice choice) {
    StagedPlan plan = new StagedPlanner(net, scan.extent()).plan(StagingOptions.fixed((stage, ref) -> tile, choice));
    return new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "scan").get(net.outputs().get(0));
  }

  /** |voxtile - PyTorch| <= tolerance * max |PyTorch| on every voxel; returns the largest relative error. */
  static double assertClose(float[] expected, float[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": voxels");
    double max = 0;
    for (float e : expected) {
      max = Math.max(max, Math.abs(e));
    }
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / max);
    }
    assertTrue(worst <= tolerance, what + ": largest error " + worst + " of the largest output, over " + tolerance);
    return worst;
  }

  static void assertSameBits(Volume expected, Volume actual, String what) {
    assertEquals(expected.box(), actual.box(), what);
    assertArrayEquals(expected.data(), actual.data(), what);
  }

  private static int[] ints(String csv) {
    String[] parts = csv.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i]);
    }
    return out;
  }

  static float[] floats(Path file) {
    try {
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
