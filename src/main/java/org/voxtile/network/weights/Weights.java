package org.voxtile.network.weights;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.voxtile.network.pipeline.Axes;

/**
 * A named collection of weight tensors, as a {@code .safetensors} file holds them: PyTorch's
 * state-dict names {@code <node>.weight}, {@code <node>.bias}, {@code <node>.running_mean},
 * {@code <node>.running_var} ({@code <node>.num_batches_tracked} is skipped on reading). Tensors
 * are kept as stored; {@link #binder(Axes)} hands them to nodes in voxtile's axis order and
 * reports missing, unused and misshapen ones.
 *
 * <pre>{@code
 * Weights weights = Weights.read(spec.weights().orElseThrow());
 * WeightBinder binder = weights.binder(spec.axes());
 * Tensor kernel = binder.require("c1", "weight", "conv3d", 16, 2, 3, 3, 3);
 * binder.finish(); // every tensor was asked for
 * }</pre>
 */
public final class Weights {
  private final String source;
  private final Map<String, Tensor> tensors;

  private Weights(String source, Map<String, Tensor> tensors) {
    this.source = source;
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * Reads every float tensor of a safetensors file.
   *
   * @throws WeightsException naming the file (and tensor) on any error
   */
  public static Weights read(Path file) {
    return of(file.toString(), Safetensors.read(file).tensors());
  }

  /**
   * Weights from tensors in memory (e.g. a seeded initialisation).
   *
   * @param source how messages name these weights, e.g. the file they will be written to
   * @throws WeightsException if two tensors share a name
   */
  public static Weights of(String source, Collection<Tensor> tensors) {
    Map<String, Tensor> byName = new TreeMap<>();
    for (Tensor tensor : tensors) {
      if (byName.put(tensor.name(), tensor) != null) {
        throw new WeightsException(source + ": two tensors named '" + tensor.name() + "'");
      }
    }
    return new Weights(source, byName);
  }

  /** How messages name these weights: the file they came from. */
  public String source() {
    return source;
  }

  /** The tensor names, sorted. */
  public Set<String> names() {
    return tensors.keySet();
  }

  /** The tensor of this name, as stored. */
  public Optional<Tensor> tensor(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** All tensors as stored, sorted by name. */
  public Collection<Tensor> tensors() {
    return tensors.values();
  }

  /** A fresh binder handing these tensors to the nodes of a pipeline declaring {@code axes}. */
  public WeightBinder binder(Axes axes) {
    return new WeightBinder(this, axes);
  }

  /**
   * Writes these tensors as F32 safetensors (what {@code --save-weights} does).
   *
   * @throws WeightsException if the file cannot be written
   */
  public void write(Path file, Map<String, String> metadata) {
    Safetensors.write(file, tensors.values(), metadata);
  }
}
