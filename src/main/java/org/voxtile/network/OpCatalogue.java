package org.voxtile.network;

import java.util.Set;
import java.util.TreeSet;

/**
 * The op names a pipeline may use, so that a typo is reported when the file is read ("unknown op
 * 'conv3'"), before shapes or weights are looked at. The ops layer supplies its own catalogue
 * from its factories; {@link #standard()} lists the ops of the design.
 */
public interface OpCatalogue {
  /** Every op name, e.g. {@code conv3d}. */
  Set<String> opNames();

  /** True when {@code op} is a known op name. */
  default boolean knows(String op) {
    return opNames().contains(op);
  }

  /** A catalogue of exactly these names. */
  static OpCatalogue of(Set<String> names) {
    Set<String> copy = Set.copyOf(names);
    return () -> copy;
  }

  /** The ops of the design, in PyTorch's names. */
  static OpCatalogue standard() {
    return of(new TreeSet<>(Set.of(
        "conv3d", "conv_transpose3d",
        "max_pool3d", "avg_pool3d", "adaptive_max_pool3d", "adaptive_avg_pool3d",
        "relu", "leaky_relu", "sigmoid", "tanh", "elu", "gelu",
        "add", "concat", "batch_norm3d", "pad", "crop",
        "instance_norm", "group_norm", "normalize")));
  }
}
