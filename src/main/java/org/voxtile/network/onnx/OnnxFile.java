package org.voxtile.network.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.voxtile.network.onnx.proto.Onnx.GraphProto;
import org.voxtile.network.onnx.proto.Onnx.ModelProto;
import org.voxtile.network.onnx.proto.Onnx.OperatorSetIdProto;

/**
 * Reads an ONNX file into a {@link ModelProto} and checks what holds for the whole model: a graph,
 * the default operator set at a version voxtile maps (7 to 22; torch.onnx.export writes 7 to 17),
 * no local functions, no sparse initializers, no operator sets of other domains.
 *
 * <p>Memory: the file is read whole into one array (ONNX files are protocol buffers, at most 2 GiB
 * by their format) and parsed from it, so every string, tensor and list the parser makes is a
 * slice of bytes the file holds; nesting is bounded by the parser's recursion limit. Nothing
 * larger than the file is allocated before {@link OnnxTensors} has checked a tensor's dims
 * against its data.
 */
public final class OnnxFile {
  /** The lowest and highest versions of the default operator set whose ops voxtile maps. */
  public static final int MIN_OPSET = 7;
  public static final int MAX_OPSET = 22;

  /** Protocol buffers cannot exceed 2 GiB; neither can a file read into one array. */
  static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  /** Deeper nesting than any real model's (graph, node, attribute, tensor): refused, not recursed. */
  private static final int RECURSION_LIMIT = 32;

  private OnnxFile() {}

  /** True when {@code file} is named as an ONNX model ({@code .onnx}), not a pipeline file. */
  public static boolean isOnnx(Path file) {
    return file.getFileName() != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
        .endsWith(".onnx");
  }

  /**
   * The model in {@code file}, checked as the class comment says.
   *
   * @return the model and the version of its default operator set
   * @throws OnnxException naming the file on any error
   */
  public static Read read(Path file) {
    String source = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new OnnxException(source + ": " + size + " bytes; an ONNX model is a protocol buffer of at most 2 GiB"
            + " (larger models keep their weights as external data, which voxtile does not read)");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) size);
      }
    } catch (NoSuchFileException e) {
      throw new OnnxException(source + ": no such file", e);
    } catch (IOException e) {
      throw new OnnxException(source + ": cannot read: " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      throw new OnnxException(source + ": empty file, not an ONNX model");
    }
    ModelProto model;
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      in.setRecursionLimit(RECURSION_LIMIT);
      model = ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxException(source + ": not an ONNX model (" + reason(e) + ")", e);
    } catch (IOException e) {
      throw new OnnxException(source + ": not an ONNX model (corrupt protocol buffer: " + e.getMessage() + ")", e);
    }
    return new Read(source, model, check(source, model));
  }

  /** A model and the version of its default operator set. */
  public record Read(String source, ModelProto model, int opset) {}

  private static int check(String source, ModelProto model) {
    if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
      throw new OnnxException(source + ": not an ONNX model (no graph" + (model.hasGraph() ? " nodes" : "")
          + "; ir_version " + model.getIrVersion() + ")");
    }
    GraphProto graph = model.getGraph();
    if (model.getFunctionsCount() > 0) {
      throw new OnnxException(source + ": the model defines " + model.getFunctionsCount()
          + " local functions; voxtile imports plain graphs of standard ops (export with torch.onnx.export,"
          + " without export_modules_as_functions)");
    }
    if (graph.getSparseInitializerCount() > 0) {
      throw new OnnxException(source + ": the graph has sparse initializers; voxtile reads dense ones only");
    }
    int opset = -1;
    for (OperatorSetIdProto set : model.getOpsetImportList()) {
      boolean standard = set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx");
      if (standard) {
        opset = (int) Math.max(Math.min(set.getVersion(), Integer.MAX_VALUE), Integer.MIN_VALUE);
      }
    }
    if (opset < 0) {
      throw new OnnxException(source + ": the model imports no version of the standard ONNX operator set");
    }
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new OnnxException(source + ": opset " + opset + " is outside the " + MIN_OPSET + " to " + MAX_OPSET
          + " voxtile maps; export with opset_version between 11 and 17");
    }
    return opset;
  }

  private static String reason(InvalidProtocolBufferException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("truncated") || message.contains("ended unexpectedly")) {
      return "truncated or corrupt: the protocol buffer ends in the middle of a field";
    }
    if (message.contains("levels of nesting")) {
      return "nested more than " + RECURSION_LIMIT + " levels deep";
    }
    return "corrupt protocol buffer: " + message;
  }
}
