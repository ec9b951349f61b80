package org.voxtile.network.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.network.pipeline.Axes;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.onnx.proto.Onnx.TensorShapeProto;
import org.voxtile.network.onnx.proto.Onnx.ValueInfoProto;
import org.voxtile.network.weights.Weights;

/**
 * Imports an ONNX model as the same in-memory pipeline the pipeline reader makes, plus its
 * weights as tensors named {@code <node>.weight}, {@code <node>.bias}, ... (PyTorch's shapes;
 * ONNX's (N, C, D, H, W) are voxtile's (x, y, z) as nibabel arrays fed to torch, so axes are
 * {@code xyz} and nothing is transposed). {@code describe}, tiling and {@code run} then treat it
 * like any pipeline; {@code voxtile import} writes both out as files.
 *
 * <pre>{@code
 * OnnxImport.Imported model = OnnxImport.read(Path.of("unet.onnx"), List.of("t1", "t2"));
 * NetworkBuilder.build(model.spec(), Optional.of(model.weights()), Map.of(), Extent.of(181, 217, 181));
 * }</pre>
 *
 * <p>The model must have one data input of 5 dims (N = 1, C channels, x, y, z); its C channels are
 * the pipeline inputs, named as given (one name per channel, or one name for a file holding all
 * C) or, by default, after the graph input ({@code input}; {@code input_0, input_1, ...} for
 * several channels). Anything not mapped is refused naming the file, the ONNX node, its op type
 * and the opset.
 */
public final class OnnxImport {
  /** The op types voxtile imports, for messages. */
  static final Set<String> SUPPORTED = new TreeSet<>(List.of("Conv", "ConvTranspose", "MaxPool", "AveragePool",
      "GlobalMaxPool", "GlobalAveragePool", "BatchNormalization", "InstanceNormalization", "Relu", "LeakyRelu",
      "PRelu", "Elu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "ArgMax", "Add", "Mul", "Concat", "Resize",
      "Upsample", "Pad", "Slice", "Dropout", "Identity", "Clip", "Constant"));

  /** The placeholder value of the stacked input channels, until a node reads them. */
  static final String STACKED = "\u0000inputs";

  /**
   * An imported model.
   *
   * @param spec the pipeline; its {@code weights} is empty (the tensors are in memory)
   * @param weights every tensor the nodes use
   * @param shape the input extent the model fixes, on the axes it fixes
   * @param opset the model's default operator set
   */
  public record Imported(PipelineSpec spec, Weights weights, InputShape shape, int opset) {}

  private OnnxImport() {}

  /**
   * @param inputNames the pipeline input names, in channel order; empty for the defaults
   * @throws OnnxException naming the file and the ONNX node on any error
   */
  public static Imported read(Path file, List<String> inputNames) {
    OnnxFile.Read read = OnnxFile.read(file);
    return of(read, inputNames);
  }

  static Imported of(OnnxFile.Read read, List<String> inputNames) {
    String source = read.source();
    OnnxGraph graph = new OnnxGraph(source, read.opset(), read.model().getGraph());
    if (graph.dataInputs().size() != 1) {
      throw new OnnxException(source + ": the graph has " + graph.dataInputs().size() + " data inputs; voxtile"
          + " imports models of one input map (N, C, x, y, z)");
    }
    ValueInfoProto input = graph.dataInputs().get(0);
    long[] dims = inputDims(source, input);
    NodeNames names = new NodeNames(read.model().getGraph().getNodeList().stream().map(n -> n.getName()).toList());
    List<String> channels = channelNames(source, input.getName(), dims[1], inputNames);
    channels.forEach(names::reserve);
    ImportState state = new ImportState(graph, names, channels);
    int c = dims[1] > 0 ? (int) dims[1] : -1;
    state.bind(input.getName(), channels.size() == 1 ? channels.get(0) : STACKED, c);
    for (OnnxNode node : graph.order()) {
      if (!state.isAbsorbed(node)) {
        map(state, node);
      }
    }
    List<String> outputs = new ArrayList<>();
    for (String output : graph.outputs()) {
      if (graph.constant(output).isPresent() || graph.isDataInput(output)) {
        throw new OnnxException(source + ": graph output '" + output + "' is a constant or the input itself,"
            + " not a map the network computes");
      }
      String node = state.data(new OnnxNode(source, graph.producer(output).orElseThrow(), read.opset()), output);
      if (channels.contains(node) || node.equals(STACKED)) {
        throw new OnnxException(source + ": graph output '" + output + "' is the input itself");
      }
      if (!outputs.contains(node)) {
        outputs.add(node);
      }
    }
    String name = stem(Path.of(source).getFileName().toString());
    PipelineSpec spec = new PipelineSpec(source, name, channels, Axes.XYZ, Optional.empty(), state.nodes(), outputs,
        Optional.empty(), labelMaps(state.nodes(), outputs));
    spec.graph(); // the same structural checks as a pipeline file's
    InputShape shape = new InputShape(source, input.getName(), new long[] {dims[2], dims[3], dims[4]});
    return new Imported(spec, Weights.of(source, state.tensors()), shape, read.opset());
  }

  /**
   * An ArgMax output is a label map: written as uint8, as segmentation users expect (the run
   * refuses a label that does not fit, e.g. more than 256 classes; edit the pipeline to int16).
   */
  private static Map<String, OutputDatatype> labelMaps(List<NodeSpec> nodes, List<String> outputs) {
    Map<String, OutputDatatype> types = new java.util.LinkedHashMap<>();
    for (NodeSpec node : nodes) {
      if (node.op().equals("argmax") && outputs.contains(node.name())) {
        types.put(node.name(), OutputDatatype.UINT8);
      }
    }
    return types;
  }

  private static void map(ImportState s, OnnxNode n) {
    n.requireFlat();
    String domain = n.proto().getDomain();
    if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
      throw n.error("op of domain '" + domain + "': voxtile imports the standard ONNX ops only");
    }
    switch (n.opType()) {
      case "Constant" -> { } // read by OnnxGraph as a constant value
      case "Conv" -> ConvMappings.conv(s, n);
      case "ConvTranspose" -> ConvMappings.convTranspose(s, n);
      case "MaxPool" -> ConvMappings.pool(s, n, true);
      case "AveragePool" -> ConvMappings.pool(s, n, false);
      case "GlobalMaxPool" -> ConvMappings.globalPool(s, n, true);
      case "GlobalAveragePool" -> ConvMappings.globalPool(s, n, false);
      case "BatchNormalization" -> LayerMappings.batchNorm(s, n);
      case "InstanceNormalization" -> LayerMappings.instanceNorm(s, n);
      case "Relu" -> LayerMappings.activation(s, n, "relu", Map.of());
      case "LeakyRelu" -> LayerMappings.activation(s, n, "leaky_relu",
          Map.of("negative_slope", LayerMappings.real(n.real("alpha", 0.01f))));
      case "Elu" -> LayerMappings.activation(s, n, "elu", Map.of("alpha", LayerMappings.real(n.real("alpha", 1f))));
      case "Sigmoid" -> LayerMappings.activation(s, n, "sigmoid", Map.of());
      case "Tanh" -> LayerMappings.activation(s, n, "tanh", Map.of());
      case "PRelu" -> LayerMappings.prelu(s, n);
      case "Softmax" -> LayerMappings.softmax(s, n, "softmax");
      case "LogSoftmax" -> LayerMappings.softmax(s, n, "log_softmax");
      case "ArgMax" -> LayerMappings.argmax(s, n);
      case "Add" -> LayerMappings.elementwise(s, n, "add");
      case "Mul" -> {
        if (!LrnPattern.tryImport(s, n)) { // x * x begins torch's LocalResponseNorm export
          LayerMappings.elementwise(s, n, "mul");
        }
      }
      case "Concat" -> LayerMappings.concat(s, n);
      case "Clip" -> LayerMappings.clip(s, n);
      case "Dropout" -> LayerMappings.dropout(s, n);
      case "Identity" -> LayerMappings.identity(s, n);
      case "Resize", "Upsample" -> ResampleMappings.resize(s, n);
      case "Pad" -> ResampleMappings.pad(s, n);
      case "Slice" -> ResampleMappings.slice(s, n);
      case "Reshape" -> {
        if (!GroupNormPattern.tryImport(s, n)) {
          throw n.error("Reshape is imported only as part of torch's GroupNorm export (Reshape,"
              + " InstanceNormalization, Reshape, Mul, Add); voxtile's maps keep their (C, x, y, z) shape");
        }
      }
      default -> throw n.error("op type " + n.opType() + " is not supported by voxtile's ONNX import (it maps "
          + String.join(", ", SUPPORTED) + ")");
    }
  }

  /** The input's dims (N, C, x, y, z), -1 where dynamic; checked to be a float32 map of 5 dims. */
  private static long[] inputDims(String source, ValueInfoProto input) {
    String where = source + ": input '" + input.getName() + "'";
    if (!input.getType().hasTensorType()) {
      throw new OnnxException(where + " is not a tensor");
    }
    if (input.getType().getTensorType().getElemType() != 1) {
      throw new OnnxException(where + " is of type " + OnnxTensors.typeName(input.getType().getTensorType()
          .getElemType()) + "; voxtile feeds float32 maps");
    }
    List<TensorShapeProto.Dimension> shape = input.getType().getTensorType().getShape().getDimList();
    if (shape.size() != 5) {
      throw new OnnxException(where + " has " + shape.size() + " dims; voxtile imports 3D models whose input is"
          + " (N, C, x, y, z)");
    }
    long[] dims = new long[5];
    for (int i = 0; i < 5; i++) {
      TensorShapeProto.Dimension d = shape.get(i);
      dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
      if (d.hasDimValue() && (d.getDimValue() < 1 || d.getDimValue() > (i == 1 ? 1 << 16 : 1 << 20))) {
        throw new OnnxException(where + " has the absurd dim " + d.getDimValue() + " on axis " + i);
      }
    }
    if (dims[0] > 1) {
      throw new OnnxException(where + " has a batch of " + dims[0] + "; voxtile runs one scan at a time (N = 1"
          + " or dynamic)");
    }
    return dims;
  }

  private static List<String> channelNames(String source, String input, long channels, List<String> given) {
    if (given.isEmpty()) {
      if (channels <= 1) {
        return List.of(NodeNames.valid(input));
      }
      List<String> names = new ArrayList<>();
      for (int k = 0; k < channels; k++) {
        names.add(NodeNames.valid(input) + "_" + k);
      }
      return names;
    }
    for (String name : given) {
      if (!NodeNames.valid(name).equals(name) || name.startsWith("-")) {
        throw new OnnxException(source + ": input name '" + name + "' is not a valid name (letters, digits, _ . -)");
      }
    }
    if (new TreeSet<>(given).size() != given.size()) {
      throw new OnnxException(source + ": input names " + given + " repeat a name");
    }
    if (channels > 0 && given.size() != channels && given.size() != 1) {
      throw new OnnxException(source + ": the model's input '" + input + "' has " + channels + " channels but "
          + given.size() + " input names were given (" + String.join(", ", given) + "): give one per channel");
    }
    return List.copyOf(given);
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
