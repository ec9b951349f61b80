package org.voxtile.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.VoxtileException;
import org.voxtile.network.OpRegistry;
import org.voxtile.network.onnx.OnnxFile;
import org.voxtile.network.onnx.OnnxImport;
import org.voxtile.network.pipeline.PipelineFile;
import org.voxtile.network.pipeline.PipelineWriter;

/**
 * {@code voxtile import MODEL.onnx PIPELINE.yaml [--inputs t1,t2]}: imports an ONNX model
 * ({@link OnnxImport}) and writes it as a readable pipeline file and {@code PIPELINE.safetensors}
 * beside it, which the pipeline's {@code weights:} names. The model is imported whole, and the
 * file written is read back, before anything is written, so a model that cannot be imported
 * leaves no file; the weights go first and the pipeline last, each by rename.
 */
final class ImportCommand implements Command {
  @Override
  public String name() {
    return "import";
  }

  @Override
  public String summary() {
    return "import an ONNX model (torch.onnx.export) as a pipeline file and its .safetensors weights";
  }

  private static final Options OPTIONS = new Options("import", "MODEL.onnx PIPELINE.yaml [--inputs t1,t2] "
      + "[--overwrite]")
      .operand("MODEL.onnx", "the ONNX model (opset 7 to 22; torch.onnx.export writes 11 to 17 by default)")
      .operand("PIPELINE.yaml", "the pipeline file to write; its weights go to PIPELINE.safetensors beside it")
      .option("--inputs", "NAMES", "names of the model's input channels, in order, comma-separated (default: the "
          + "ONNX input's name; input_0, input_1, ... for several channels)")
      .flag("--overwrite", "replace PIPELINE.yaml and PIPELINE.safetensors if they exist");

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options.Parsed a = OPTIONS.parse(args);
    Path model = Path.of(a.operand(0));
    Path pipeline = Path.of(a.operand(1));
    List<String> names = a.text("--inputs").map(ImportCommand::names).orElse(List.of());
    if (!OnnxFile.isOnnx(model)) {
      throw new UsageException("MODEL must be an ONNX file (.onnx), got " + model);
    }
    String file = pipeline.getFileName().toString();
    if (!file.endsWith(".yaml") && !file.endsWith(".yml")) {
      throw new UsageException("PIPELINE must be a .yaml file, got " + pipeline);
    }
    Path weights = pipeline.resolveSibling(file.substring(0, file.lastIndexOf('.')) + ".safetensors");
    if (!a.has("--overwrite")) {
      for (Path target : List.of(pipeline, weights)) {
        if (Files.exists(target)) {
          throw new VoxtileException(target + ": exists; give --overwrite to replace it");
        }
      }
    }
    OnnxImport.Imported imported = OnnxImport.read(model, names);
    List<String> comments = new ArrayList<>();
    comments.add("# imported by voxtile import from " + model.getFileName() + " (ONNX opset " + imported.opset()
        + "); node names are the model's module paths");
    if (imported.shape().isFixed()) {
      comments.add("# the model was exported with the fixed input shape " + imported.shape().show()
          + "; this pipeline runs on any shape");
    }
    String yaml = PipelineWriter.yaml(imported.spec(), Optional.of(weights.getFileName().toString()), comments);
    // what is written must read back as this pipeline: checked before any file appears
    PipelineFile.parse(yaml, pipeline.toString(), pipeline.toAbsolutePath().getParent(), OpRegistry.catalogue());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("pipeline", imported.spec().name());
    metadata.put("axes", "xyz");
    metadata.put("source", model.getFileName().toString());
    imported.weights().write(weights, metadata);
    writeAtomically(pipeline, yaml);
    out.println("voxtile: wrote " + pipeline + " (" + imported.spec().nodes().size() + " nodes) and " + weights + " ("
        + imported.weights().names().size() + " tensors)");
    return 0;
  }

  private static List<String> names(String text) {
    List<String> names = Arrays.stream(text.split(",", -1)).map(String::trim).toList();
    if (names.stream().anyMatch(String::isEmpty)) {
      throw new UsageException("--inputs: expected comma-separated names such as t1,t2, got '" + text + "'");
    }
    return names;
  }

  private static void writeAtomically(Path file, String text) {
    Path absolute = file.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a hidden .tmp name never looks like a result
      }
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
