package org.voxtile.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.network.pipeline.OpCatalogue;
import org.voxtile.ops.Activation;
import org.voxtile.ops.AdaptivePool3d;
import org.voxtile.ops.Add;
import org.voxtile.ops.Argmax;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.BatchNorm3d;
import org.voxtile.ops.ChannelSoftmax;
import org.voxtile.ops.Clamp;
import org.voxtile.ops.Concat;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Crop;
import org.voxtile.ops.CropTo;
import org.voxtile.ops.Dropout;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Interpolate;
import org.voxtile.ops.LocalResponseNorm;
import org.voxtile.ops.Mask;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Mul;
import org.voxtile.ops.Normalize;
import org.voxtile.ops.Op;
import org.voxtile.ops.PRelu;
import org.voxtile.ops.Pad;
import org.voxtile.ops.PadTo;
import org.voxtile.ops.Reorient;
import org.voxtile.ops.Resample;
import org.voxtile.ops.PoolMode;

/**
 * Every op a pipeline file may name, in one place: its name (PyTorch's), its class in
 * {@code org.voxtile.ops}, and how a node becomes that op (which arguments it reads, with
 * PyTorch's defaults, and which weights it takes). The pipeline reader's op names
 * ({@link #catalogue()}), the op factory, the README's op list check and the random-network test
 * generators all read this list, so adding an op is one entry here plus the op class.
 *
 * <pre>{@code
 * entry("elu", Activation.class, node -> Activation.elu((float) node.args().real("alpha", 1.0))),
 * }</pre>
 *
 * <p>A builder reads arguments from {@link OpFactory#args()} and weights from
 * {@link OpFactory#weights()}; keys it does not read are reported by the factory afterwards.
 */
public final class OpRegistry {
  /** How one node becomes its op. */
  @FunctionalInterface
  interface Builder {
    /**
     * @throws org.voxtile.network.pipeline.PipelineException naming the node and key on a bad argument
     */
    Op build(OpFactory node);
  }

  /** One op: its pipeline name, its class, how to build it. */
  record Entry(String name, Class<? extends Op> type, Builder builder) {}

  private static final Map<String, Entry> ENTRIES = index(
      entry("conv3d", Conv3d.class, ConvolutionFactory::conv3d),
      entry("conv_transpose3d", ConvTranspose3d.class, ConvolutionFactory::convTranspose3d),
      entry("max_pool3d", MaxPool3d.class, PoolingFactory::maxPool3d),
      entry("avg_pool3d", AvgPool3d.class, PoolingFactory::avgPool3d),
      entry("adaptive_max_pool3d", AdaptivePool3d.class, node -> PoolingFactory.adaptivePool3d(node, PoolMode.MAX)),
      entry("adaptive_avg_pool3d", AdaptivePool3d.class, node -> PoolingFactory.adaptivePool3d(node, PoolMode.AVG)),
      entry("batch_norm3d", BatchNorm3d.class, LayerFactory::batchNorm3d),
      entry("relu", Activation.class, node -> Activation.relu()),
      entry("leaky_relu", Activation.class,
          node -> Activation.leakyRelu((float) node.args().real("negative_slope", 0.01))),
      entry("sigmoid", Activation.class, node -> Activation.sigmoid()),
      entry("tanh", Activation.class, node -> Activation.tanh()),
      entry("elu", Activation.class, node -> Activation.elu((float) node.args().real("alpha", 1.0))),
      entry("gelu", Activation.class, LayerFactory::gelu),
      entry("prelu", PRelu.class, ModelLayerFactory::prelu),
      entry("clamp", Clamp.class, ModelLayerFactory::clamp),
      entry("softmax", ChannelSoftmax.class, node -> ModelLayerFactory.softmax(node, false)),
      entry("log_softmax", ChannelSoftmax.class, node -> ModelLayerFactory.softmax(node, true)),
      entry("argmax", Argmax.class, ModelLayerFactory::argmax),
      entry("local_response_norm", LocalResponseNorm.class, ModelLayerFactory::localResponseNorm),
      entry("dropout", Dropout.class, node -> ModelLayerFactory.dropout(node, "dropout")),
      entry("dropout3d", Dropout.class, node -> ModelLayerFactory.dropout(node, "dropout3d")),
      entry("alpha_dropout", Dropout.class, node -> ModelLayerFactory.dropout(node, "alpha_dropout")),
      entry("add", Add.class, node -> new Add()),
      entry("mul", Mul.class, node -> new Mul()),
      entry("concat", Concat.class, LayerFactory::concat),
      entry("pad", Pad.class, LayerFactory::pad),
      entry("crop", Crop.class, LayerFactory::crop),
      entry("interpolate", Interpolate.class, InterpolateFactory::interpolate),
      entry("instance_norm", GroupNorm.class, NormOpBuilder::instanceNorm),
      entry("group_norm", GroupNorm.class, NormOpBuilder::groupNorm),
      entry("normalize", Normalize.class, NormOpBuilder::normalize),
      entry("reorient", Reorient.class, PreprocessFactory::reorient),
      entry("resample", Resample.class, PreprocessFactory::resample),
      entry("crop_to", CropTo.class, PreprocessFactory::cropTo),
      entry("pad_to", PadTo.class, PreprocessFactory::padTo),
      entry("mask", Mask.class, PreprocessFactory::mask));

  private OpRegistry() {}

  /** Every op name, sorted, e.g. {@code conv3d}. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(ENTRIES.keySet()));
  }

  /** The class of op {@code name}, e.g. {@code Activation} for {@code relu}, or empty if unknown. */
  public static Optional<Class<? extends Op>> opClass(String name) {
    return entry(name).map(Entry::type);
  }

  /** The op names as the pipeline reader takes them, so that a typo is reported on reading. */
  public static OpCatalogue catalogue() {
    return OpCatalogue.of(ENTRIES.keySet());
  }

  /** The entry of op {@code name}, or empty if unknown. */
  static Optional<Entry> entry(String name) {
    return Optional.ofNullable(ENTRIES.get(name));
  }

  private static Entry entry(String name, Class<? extends Op> type, Builder builder) {
    return new Entry(name, type, builder);
  }

  private static Map<String, Entry> index(Entry... entries) {
    Map<String, Entry> byName = new LinkedHashMap<>();
    for (Entry e : List.of(entries)) {
      if (byName.put(e.name(), e) != null) {
        throw new AssertionError("op '" + e.name() + "' registered twice");
      }
    }
    return Collections.unmodifiableMap(byName);
  }
}
