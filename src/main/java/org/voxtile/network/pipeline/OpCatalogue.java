package org.voxtile.network.pipeline;

import java.util.Set;

/**
 * The op names a pipeline may use, so that a typo is reported when the file is read ("unknown op
 * 'conv3'"), before shapes or weights are looked at. {@code org.voxtile.network.OpRegistry}
 * supplies the catalogue of every op voxtile builds.
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
}
