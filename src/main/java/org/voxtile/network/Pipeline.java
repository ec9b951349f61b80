package org.voxtile.network;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voxtile.geometry.Extent;
import org.voxtile.network.onnx.InputShape;
import org.voxtile.network.onnx.OnnxFile;
import org.voxtile.network.onnx.OnnxImport;
import org.voxtile.network.pipeline.PipelineException;
import org.voxtile.network.pipeline.PipelineFile;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.weights.Weights;
import org.voxtile.network.weights.WeightsException;

/**
 * The driver's first step, shared by {@code describe} and {@code run}: read a pipeline file, pick
 * its weights, and bind it to ops for one input extent. A {@code --weights} file given on the
 * command line replaces the pipeline's own {@code weights:} key; without either, nodes take
 * their weights from {@code init:} (built-in kernels, seeded PyTorch-style initialisation).
 * An ONNX model ({@code .onnx}) stands where a pipeline file does: it is imported here
 * ({@link OnnxImport}) into the same pipeline, with its weights in memory, and nothing after this
 * class tells the two apart.
 *
 * <pre>{@code
 * NetworkBuilder.Built built = Pipeline.load(Path.of("conf/unet.yaml"), Optional.empty(),
 *     Map.of(), Extent.of(80, 96, 80));
 * Pipeline.saveWeights(built, Path.of("unet-weights.safetensors"));   // --save-weights
 * }</pre>
 */
public final class Pipeline {
  private Pipeline() {}

  /**
   * Reads and validates a pipeline file with the ops of the {@link OpRegistry}; an ONNX model is
   * imported, its inputs named by default.
   *
   * @throws PipelineException naming the file (and node and key) on any error
   */
  public static PipelineSpec read(Path pipeline) {
    return OnnxFile.isOnnx(pipeline) ? OnnxImport.read(pipeline, List.of()).spec()
        : PipelineFile.read(pipeline, OpRegistry.catalogue());
  }

  /**
   * A pipeline with its weights, ready to build for a scan.
   *
   * @param weightsFile the weights file read, if any (an ONNX model's weights are inside the model)
   * @param shape the input extent an ONNX model was exported for, if it fixes one
   */
  public record Loaded(PipelineSpec spec, Optional<Weights> weights, Optional<Path> weightsFile,
      Optional<InputShape> shape) {
    /** This pipeline with the command line's sliding-window flags applied to its {@code inference:}. */
    public Loaded withInference(org.voxtile.network.pipeline.Inference.Overrides flags) {
      return new Loaded(spec.withInference(spec.inference().with(flags)), weights, weightsFile, shape);
    }

    /** {@link NetworkBuilder#build}, after checking the extent against a fixed input shape. */
    public NetworkBuilder.Built build(Map<String, Integer> channelsPerInput, Extent inputExtent) {
      shape.ifPresent(s -> s.check(inputExtent));
      return NetworkBuilder.build(spec, weights, channelsPerInput, inputExtent);
    }

    /** {@link NetworkBuilder#build} on the inputs' grid (extent and affine), after checking the extent as above. */
    public NetworkBuilder.Built build(Map<String, Integer> channelsPerInput, org.voxtile.volume.Grid inputGrid) {
      shape.ifPresent(s -> s.check(inputGrid.extent()));
      return NetworkBuilder.build(spec, weights, channelsPerInput, inputGrid);
    }

    /** {@link NetworkBuilder#buildAllowingMissingWeights}, after checking the extent as {@link #build}. */
    public NetworkBuilder.Built buildAllowingMissingWeights(Map<String, Integer> channelsPerInput, Extent inputExtent) {
      shape.ifPresent(s -> s.check(inputExtent));
      return NetworkBuilder.buildAllowingMissingWeights(spec, weights, channelsPerInput, inputExtent);
    }
  }

  /**
   * Reads a pipeline file and the weights it uses, or imports an ONNX model.
   *
   * @param weightsOverride a weights file that replaces the pipeline's {@code weights:}; refused for
   *     an ONNX model, which carries its own
   * @param inputNames an ONNX model's input channel names, in order (the {@code --input} names);
   *     empty for its defaults. A pipeline file names its own inputs and ignores these.
   * @throws PipelineException or WeightsException naming the file, node and key
   */
  public static Loaded open(Path pipeline, Optional<Path> weightsOverride, List<String> inputNames) {
    if (OnnxFile.isOnnx(pipeline)) {
      if (weightsOverride.isPresent()) {
        throw new PipelineException(pipeline + ": an ONNX model carries its own weights; --weights "
            + weightsOverride.get() + " applies to pipeline files (voxtile import writes one from the model)");
      }
      OnnxImport.Imported model = OnnxImport.read(pipeline, inputNames);
      return new Loaded(model.spec(), Optional.of(model.weights()), Optional.empty(), Optional.of(model.shape())
          .filter(InputShape::isFixed));
    }
    PipelineSpec spec = read(pipeline);
    Optional<Path> file = weightsFile(spec, weightsOverride);
    return new Loaded(spec, file.map(Weights::read), file, Optional.empty());
  }

  /**
   * Loads a pipeline to run: every weight tensor must be there.
   *
   * @param weightsOverride a weights file that replaces the pipeline's {@code weights:}, if any
   * @param channelsPerInput channels of each pipeline input file (absent: 1, a 3D file)
   * @param inputExtent spatial extent of the inputs
   * @throws PipelineException or WeightsException naming the file, node and key, before any
   *     voxel is computed
   */
  public static NetworkBuilder.Built load(Path pipeline, Optional<Path> weightsOverride,
      Map<String, Integer> channelsPerInput, Extent inputExtent) {
    return open(pipeline, weightsOverride, List.of()).build(channelsPerInput, inputExtent);
  }

  /**
   * Loads a pipeline to describe: as {@link #load}, but weight tensors that neither a weights
   * file nor {@code init} gives yet are listed in {@link NetworkBuilder.Built#missingWeights()}
   * instead of refused. A weights file that is named must still exist and fit.
   *
   * @throws PipelineException or WeightsException naming the file, node and key
   */
  public static NetworkBuilder.Built loadAllowingMissingWeights(Path pipeline, Optional<Path> weightsOverride,
      Map<String, Integer> channelsPerInput, Extent inputExtent) {
    return open(pipeline, weightsOverride, List.of()).buildAllowingMissingWeights(channelsPerInput, inputExtent);
  }

  /** The weights file a run uses: the override if given, else the pipeline's {@code weights:}. */
  public static Optional<Path> weightsFile(PipelineSpec spec, Optional<Path> weightsOverride) {
    return weightsOverride.isPresent() ? weightsOverride : spec.weights();
  }

  /**
   * Writes the exact weights a built pipeline uses (from a file, built-in kernels or a seeded
   * initialisation) as F32 safetensors in the pipeline's own axes order, so that passing the file
   * back as {@code --weights} (or to PyTorch's {@code load_state_dict}) gives the same network.
   * Batch-norm nodes contribute weight, bias, running_mean and running_var.
   *
   * @throws WeightsException if some weights are missing or the file cannot be written
   */
  public static void saveWeights(NetworkBuilder.Built built, Path file) {
    if (!built.missingWeights().isEmpty()) {
      throw new WeightsException(file + ": cannot save the weights: " + built.missingWeights().size()
          + " tensors have no weights yet: " + String.join(", ", built.missingWeights()));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "pt");
    metadata.put("pipeline", built.spec().name());
    metadata.put("axes", built.spec().axes().name().toLowerCase(java.util.Locale.ROOT));
    Weights.of(file.toString(), built.weightsAsStored()).write(file, metadata);
  }
}
