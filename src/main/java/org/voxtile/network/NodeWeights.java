package org.voxtile.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.weights.SeededInit;
import org.voxtile.network.weights.Tensor;
import org.voxtile.network.weights.WeightBinder;
import org.voxtile.network.weights.WeightsException;

/**
 * Where the nodes of one pipeline build get their weights: the weights file first, then the
 * node's {@code init}. Records the tensors used (for {@code --save-weights}) and, instead of
 * failing at the first node, the tensors no source gives: the builder reports the file's own
 * errors (unknown keys, impossible values) of every node first, then refuses the missing weights
 * ({@code run}) or lists them ({@code describe}). A missing tensor reads as zeros, which is enough
 * for shapes, receptive fields and MACs.
 *
 * <p>Not thread-safe; one per pipeline build, on the driver.
 */
final class NodeWeights {
  /** A weight and its bias (null when the op has none), as a convolution's constructor takes them. */
  record WeightAndBias(float[] weight, float[] bias) {}

  /**
   * A tensor no source gave.
   *
   * @param tensor its name, e.g. {@code c1.weight}
   * @param message the error {@code run} reports for it, naming the file and node
   */
  record Missing(String tensor, String message) {}

  private final WeightBinder binder;
  private final List<Tensor> used = new ArrayList<>();
  private final List<Missing> missing = new ArrayList<>();

  /** @param binder the weights file's binder, or null when the pipeline has none */
  NodeWeights(WeightBinder binder) {
    this.binder = binder;
  }

  /** The weight tensors the ops were built with, in (x, y, z) order. */
  List<Tensor> used() {
    return List.copyOf(used);
  }

  /** The tensors no source gave, in build order. */
  List<Missing> missing() {
    return List.copyOf(missing);
  }

  /** Records a tensor an op was built with that came from neither the file nor a seed (a built-in kernel). */
  void use(Tensor tensor) {
    used.add(tensor);
  }

  /**
   * Weight and bias of a convolution: from the weights file, else from {@code init: {seed: N}},
   * else zeros, recorded as missing.
   *
   * @param op the node's op, for messages
   * @throws WeightsException on a tensor of the wrong shape in the file
   */
  WeightAndBias learned(NodeSpec node, String op, long[] weightShape, boolean bias, long outChannels) {
    Optional<WeightAndBias> stored = stored(node, op, weightShape, bias, outChannels);
    if (stored.isPresent()) {
      return stored.get();
    }
    if (node.init().isPresent() && node.init().get().isSeeded()) {
      List<Tensor> init = SeededInit.conv(node.name(), node.init().get().seed().getAsLong(), weightShape, bias,
          outChannels);
      used.addAll(init);
      return new WeightAndBias(init.get(0).data(), bias ? init.get(1).data() : null);
    }
    String message = node.args().source() + ": node '" + node.name() + "': no weights: tensor '" + node.name()
        + ".weight' " + (binder == null ? "needs a weights file (weights: in the pipeline or --weights)"
            : "is missing from " + binder.source())
        + ", or give the node init: {seed: N} or a built-in kernel";
    float[] weight = placeholder(node.name() + ".weight", weightShape, message);
    return new WeightAndBias(weight, bias ? placeholder(node.name() + ".bias", new long[] {outChannels}, message) : null);
  }

  /**
   * Weight and bias from the weights file only, if it holds the weight; a missing bias is
   * recorded as missing and reads as zeros.
   *
   * @throws WeightsException on a tensor of the wrong shape
   */
  Optional<WeightAndBias> stored(NodeSpec node, String op, long[] weightShape, boolean bias, long outChannels) {
    Optional<Tensor> weight = binder == null ? Optional.empty() : binder.find(node.name(), "weight", op, weightShape);
    if (weight.isEmpty()) {
      return Optional.empty();
    }
    used.add(weight.get());
    float[] b = null;
    if (bias) {
      b = fromFile(node, "bias", op, new long[] {outChannels});
    }
    return Optional.of(new WeightAndBias(weight.get().data(), b));
  }

  /**
   * A batch-norm tensor from the weights file, else PyTorch's starting value {@code start} (init,
   * or no file at all); with a file that lacks it and no init, recorded as missing.
   */
  float[] parameter(NodeSpec node, String role, long[] shape, String op, Tensor start) {
    Optional<Tensor> stored = binder == null ? Optional.empty() : binder.find(node.name(), role, op, shape);
    if (stored.isEmpty() && node.init().isEmpty() && binder != null) {
      return placeholder(node.name() + "." + role, shape, "node '" + node.name() + "': weight tensor '"
          + node.name() + "." + role + "' missing from the weights file (or give the node init: {seed: N} for "
          + "PyTorch's starting values)");
    }
    Tensor t = stored.orElse(start);
    used.add(t);
    return t.data();
  }

  /**
   * The shape of {@code <node>.<role>} as stored in the weights file, if the file holds it: for a
   * builder whose message about a misshapen tensor can name the argument that sets the shape.
   */
  Optional<long[]> storedShape(NodeSpec node, String role) {
    return binder == null ? Optional.empty() : binder.storedShape(node.name(), role);
  }

  /** How messages name the weights file, or "no weights file". */
  String source() {
    return binder == null ? "no weights file" : binder.source();
  }

  /**
   * Fails if the weights file holds a tensor no node asked for.
   *
   * @throws WeightsException naming the tensors
   */
  void finish() {
    if (binder != null) {
      binder.finish();
    }
  }

  /** A tensor the file must hold once its weight is there, e.g. a bias; else recorded as missing. */
  private float[] fromFile(NodeSpec node, String role, String op, long[] shape) {
    Optional<Tensor> t = binder.find(node.name(), role, op, shape);
    if (t.isEmpty()) {
      return placeholder(node.name() + "." + role, shape, "node '" + node.name() + "': weight tensor '"
          + node.name() + "." + role + "' missing from " + binder.source());
    }
    used.add(t.get());
    return t.get().data();
  }

  /**
   * Zeros standing in for a missing tensor, recorded as missing and as used, so that a described
   * network counts its parameters; {@code message} is what {@code run} reports for it.
   */
  private float[] placeholder(String name, long[] shape, String message) {
    long count = 1;
    for (long s : shape) {
      count *= s;
    }
    Tensor zeros = Tensor.of(name, shape, new float[Math.toIntExact(count)]);
    missing.add(new Missing(name, message));
    used.add(zeros);
    return zeros.data();
  }
}
