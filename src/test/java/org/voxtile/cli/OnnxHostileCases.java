package org.voxtile.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.network.onnx.proto.Onnx.AttributeProto;
import org.voxtile.network.onnx.proto.Onnx.GraphProto;
import org.voxtile.network.onnx.proto.Onnx.ModelProto;
import org.voxtile.network.onnx.proto.Onnx.NodeProto;
import org.voxtile.network.onnx.proto.Onnx.StringStringEntryProto;
import org.voxtile.network.onnx.proto.Onnx.TensorProto;
import org.voxtile.network.onnx.proto.Onnx.TensorShapeProto;

/**
 * The hostile ONNX models of {@link HostileInputCatalogueTest}: each is the committed nnU-Net-style
 * export ({@code golden/onnx/nnunet.onnx}, opset 17) broken one way, then imported with
 * {@code voxtile import bad.onnx p.yaml}, which must refuse it in one line naming the file and the
 * ONNX node, and write nothing.
 */
final class OnnxHostileCases {
  static final Path GOOD = Path.of("src/test/resources/golden/onnx/nnunet.onnx");
  static final Path FIXED = Path.of("src/test/resources/golden/onnx/nnunet_fixed.onnx");
  private static final String CONV = "ONNX node '/enc0/enc0.0/conv/Conv' (Conv, opset 17)";

  /** How the catalogue takes a case. */
  interface Register {
    void hostile(String name, int status, String firstLine, HostileInputCatalogueTest.Setup setup);
  }

  private OnnxHostileCases() {}

  static void register(Register r, Function<String[], Result> main) {
    Case c = new Case(main);
    r.hostile("ONNX: garbage bytes", 1, "voxtile: {dir}/bad.onnx: not an ONNX model (corrupt protocol buffer: …",
        d -> c.importing(d, "hello, this is not an ONNX model\n".repeat(20).getBytes()));
    r.hostile("ONNX: empty file", 1, "voxtile: {dir}/bad.onnx: empty file, not an ONNX model",
        d -> c.importing(d, new byte[0]));
    r.hostile("ONNX: truncated", 1, "voxtile: {dir}/bad.onnx: not an ONNX model (truncated or corrupt: the protocol "
        + "buffer ends in the middle of a field)", d -> c.importing(d, Arrays.copyOf(good().toByteArray(), 20000)));
    r.hostile("ONNX: a subgraph attribute (If)", 1, "voxtile: {dir}/bad.onnx: ONNX node '/enc0/enc0.0/conv/Conv' "
        + "(Conv, opset 17): attribute 'then_branch' holds a subgraph; voxtile imports flat graphs (no If, Loop or "
        + "Scan bodies)", d -> c.importing(d, node(0, n -> n.addAttribute(AttributeProto.newBuilder()
            .setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(GraphProto.newBuilder())))));
    r.hostile("ONNX: a weight with absurd dims", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": tensor "
        + "'enc0.0.conv.weight' has absurd dims [1099511627776, 1099511627776, 1099511627776, 2, 3]",
        d -> c.importing(d, initializer("enc0.0.conv.weight", t -> t.clearDims().addDims(1L << 40)
            .addDims(1L << 40).addDims(1L << 40).addDims(2).addDims(3))));
    r.hostile("ONNX: dims larger than the data", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": tensor "
        + "'enc0.0.conv.weight' of dims [4, 2, 3, 3, 3000000] needs 864000000 bytes of raw_data, has 864",
        d -> c.importing(d, initializer("enc0.0.conv.weight", t -> t.setDims(4, 3_000_000))));
    r.hostile("ONNX: a missing initializer", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": input "
        + "'enc0.0.conv.weight' is no initializer, graph input or node output (a missing initializer?)",
        d -> c.importing(d, graph(g -> g.removeInitializer(0))));
    r.hostile("ONNX: a cycle", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": its input "
        + "'/enc0/enc0.0/act/LeakyRelu_output_0' depends on its own output: the graph has a cycle",
        d -> c.importing(d, node(0, n -> n.setInput(0, "/enc0/enc0.0/act/LeakyRelu_output_0"))));
    r.hostile("ONNX: a bias that disagrees with the weight", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": bias "
        + "'enc0.0.conv.bias' has dims [2] (2 values), but the op needs 4",
        d -> c.importing(d, initializer("enc0.0.conv.bias", t -> t.setDims(0, 2).setRawData(
            t.getRawData().substring(0, 8)))));
    r.hostile("ONNX: a weight for other input channels", 1, "voxtile: {dir}/bad.onnx: ONNX node "
        + "'/enc0/enc0.1/conv/Conv' (Conv, opset 17): weight 'enc0.1.conv.weight' has dims [4, 2, 3, 3, 3], which "
        + "with group 1 reads 2 channels, but its input has 4",
        d -> c.importing(d, initializer("enc0.1.conv.weight", t -> t.setDims(1, 2).setRawData(
            t.getRawData().substring(0, 4 * 2 * 27 * 4)))));
    r.hostile("ONNX: an input of 4 dims", 1, "voxtile: {dir}/bad.onnx: input 'input' has 4 dims; voxtile imports 3D "
        + "models whose input is (N, C, x, y, z)", d -> c.importing(d, graph(g -> {
          TensorShapeProto.Builder shape = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
          shape.removeDim(4);
        })));
    r.hostile("ONNX: an input of absurd dims", 1, "voxtile: {dir}/bad.onnx: input 'input' has the absurd dim "
        + "4611686018427387904 on axis 2", d -> c.importing(d, graph(g -> g.getInputBuilder(0).getTypeBuilder()
            .getTensorTypeBuilder().getShapeBuilder().getDimBuilder(2).setDimValue(1L << 62))));
    r.hostile("ONNX: weights in an external file", 1, "voxtile: {dir}/bad.onnx: " + CONV + ": tensor "
        + "'enc0.0.conv.weight' keeps its data in an external file; voxtile reads models with their weights inside "
        + "(onnx.save_model(model, path, save_as_external_data=False), or torch.onnx.export of a model under 2 GiB)",
        d -> c.importing(d, initializer("enc0.0.conv.weight", t -> t.clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd")))));
    r.hostile("ONNX: an op voxtile does not map", 1, "voxtile: {dir}/bad.onnx: ONNX node '/enc0/enc0.0/act/LeakyRelu' "
        + "(Gelu, opset 17): op type Gelu is not supported by voxtile's ONNX import (it maps …",
        d -> c.importing(d, node(2, n -> n.setOpType("Gelu").clearAttribute())));
    r.hostile("ONNX: an opset voxtile does not map", 1, "voxtile: {dir}/bad.onnx: opset 99 is outside the 7 to 22 "
        + "voxtile maps; export with opset_version between 11 and 17",
        d -> c.importing(d, good().toBuilder().setOpsetImport(0, good().getOpsetImport(0).toBuilder().setVersion(99))
            .build()));
    r.hostile("ONNX: a fixed export shape run on another", 1, "voxtile: " + FIXED + ": the model was exported with the "
        + "fixed input shape 8x8x8 (input 'input'), so it runs on that shape only, but the input is 12x12x12; export "
        + "with dynamic_axes={'input': {2: 'x', 3: 'y', 4: 'z'}} to run it on any shape",
        d -> c.main.apply(new String[] {"describe", FIXED.toString(), "--shape", "12,12,12"}));
  }

  /** Writes {@code bad.onnx} and runs {@code voxtile import bad.onnx p.yaml} in the case's directory. */
  private record Case(Function<String[], Result> main) {
    Result importing(Path dir, byte[] model) throws IOException {
      Path file = Files.write(dir.resolve("bad.onnx"), model);
      return main.apply(new String[] {"import", file.toString(), dir.resolve("p.yaml").toString()});
    }

    Result importing(Path dir, ModelProto model) throws IOException {
      return importing(dir, model.toByteArray());
    }
  }

  private static ModelProto good() {
    try {
      return ModelProto.parseFrom(Files.readAllBytes(GOOD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ModelProto graph(java.util.function.Consumer<GraphProto.Builder> edit) {
    ModelProto.Builder model = good().toBuilder();
    edit.accept(model.getGraphBuilder());
    return model.build();
  }

  private static ModelProto node(int index, UnaryOperator<NodeProto.Builder> edit) {
    return graph(g -> edit.apply(g.getNodeBuilder(index)));
  }

  private static ModelProto initializer(String name, UnaryOperator<TensorProto.Builder> edit) {
    return graph(g -> {
      for (TensorProto.Builder t : g.getInitializerBuilderList()) {
        if (t.getName().equals(name)) {
          edit.apply(t);
        }
      }
    });
  }
}
