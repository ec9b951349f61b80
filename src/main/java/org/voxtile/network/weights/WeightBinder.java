package org.voxtile.network.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.voxtile.network.pipeline.Axes;
import org.voxtile.network.pipeline.Spelling;

/**
 * Hands {@link Weights} to the nodes of one pipeline, checking shapes, and finds the tensors no
 * node asked for. Shapes are given in voxtile's order, PyTorch's layout with spatial axes
 * (x, y, z): conv3d {@code (out, in/groups, kx, ky, kz)}, conv_transpose3d
 * {@code (in, out/groups, kx, ky, kz)}, bias and BatchNorm statistics {@code (channels)}. With
 * {@code axes: zyx} a rank-5 tensor is stored {@code (a, b, kz, ky, kx)}: it is compared in that
 * order and returned transposed to {@code (a, b, kx, ky, kz)} (see {@link Tensor#toXyz(Axes)}).
 *
 * <p>Not thread-safe; one per pipeline build, on the driver.
 */
public final class WeightBinder {
  private final Weights weights;
  private final Axes axes;
  private final Set<String> asked = new LinkedHashSet<>();

  WeightBinder(Weights weights, Axes axes) {
    this.weights = weights;
    this.axes = axes;
  }

  /** How messages name the weights: the file they came from. */
  public String source() {
    return weights.source();
  }

  /**
   * The tensor {@code <node>.<role>} in voxtile's order.
   *
   * @param op the node's op, for messages, e.g. {@code "conv3d"}
   * @param shape the shape the node needs, in voxtile's order
   * @throws WeightsException {@code "node 'c1': weight tensor 'c1.weight' missing from weights.safetensors"},
   *     or on a wrong shape
   */
  public Tensor require(String node, String role, String op, long... shape) {
    return find(node, role, op, shape).orElseThrow(() -> new WeightsException("node '" + node
        + "': weight tensor '" + node + "." + role + "' missing from " + weights.source()));
  }

  /**
   * The tensor {@code <node>.<role>} in voxtile's order, if present (e.g. an optional bias).
   *
   * @throws WeightsException {@code "weights.safetensors: 'c1.weight' has shape [16, 2, 3, 3] but
   *     conv3d c1 needs [16, 2, 3, 3, 3]"}
   */
  public Optional<Tensor> find(String node, String role, String op, long... shape) {
    String name = node + "." + role;
    asked.add(name);
    Optional<Tensor> stored = weights.tensor(name);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    long[] storedShape = storedOrder(shape);
    if (!stored.get().hasShape(storedShape)) {
      throw new WeightsException(weights.source() + ": '" + name + "' has shape " + stored.get().shapeString()
          + " but " + op + " " + node + " needs " + Arrays.toString(storedShape)
          + (storedShape.length == 5 && axes == Axes.ZYX ? " (axes: zyx, so spatial axes stored as z, y, x)" : ""));
    }
    return Optional.of(stored.get().toXyz(axes));
  }

  /** The shape of tensor {@code <node>.<role>} as stored, if present; not counted as asked for. */
  public Optional<long[]> storedShape(String node, String role) {
    return weights.tensor(node + "." + role).map(Tensor::shape);
  }

  /** Names of tensors no call asked for, sorted; {@code *.num_batches_tracked} never counts. */
  public List<String> unused() {
    List<String> unused = new ArrayList<>();
    for (String name : weights.names()) {
      if (!asked.contains(name) && !name.endsWith(Safetensors.IGNORED_SUFFIX)) {
        unused.add(name);
      }
    }
    return unused;
  }

  /**
   * Fails if some tensor was never asked for: a typo in a node name, or weights for another model.
   *
   * @throws WeightsException {@code "weights.safetensors: tensor 'c3.weight' matches no parameter of
   *     the pipeline (did you mean c2.weight?)"}, listing up to 10
   */
  public void finish() {
    List<String> unused = unused();
    if (unused.isEmpty()) {
      return;
    }
    // suggest only names a node asked for and did not find: a renamed tensor or a misspelt node
    Set<String> missing = new LinkedHashSet<>(asked);
    missing.removeAll(weights.names());
    StringBuilder message = new StringBuilder(weights.source()).append(": ");
    if (unused.size() == 1) {
      message.append("tensor '").append(unused.get(0)).append("' matches no parameter of the pipeline")
          .append(Spelling.suggestion(unused.get(0), missing));
    } else {
      message.append(unused.size()).append(" tensors match no parameter of the pipeline: ");
      for (int i = 0; i < Math.min(10, unused.size()); i++) {
        message.append(i > 0 ? ", " : "").append('\'').append(unused.get(i)).append('\'')
            .append(Spelling.suggestion(unused.get(i), missing));
      }
      message.append(unused.size() > 10 ? ", ..." : "");
    }
    throw new WeightsException(message.toString());
  }

  private long[] storedOrder(long[] shape) {
    if (axes != Axes.ZYX || shape.length != 5) {
      return shape.clone();
    }
    return new long[] {shape[0], shape[1], shape[4], shape[3], shape[2]};
  }
}
