package org.voxtile.network.pipeline;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A node's {@code init}: where its weights come from when not from the weights file. Exactly one of
 * <ul>
 *   <li>a built-in kernel, {@code init: {kernel: gaussian, sigma: 1.0}}: {@link #kernel()} names it
 *       and {@link #params()} holds its parameters (read by the kernel's factory, which reports
 *       unknown ones as {@code init.<key>});
 *   <li>a seeded PyTorch-style initialisation, {@code init: {seed: 7}} (see {@code SeededInit}).
 * </ul>
 *
 * @param kernel the built-in kernel's name, if any
 * @param seed the seed, if any
 * @param params the other keys of the init mapping, with prefix {@code "init."}; empty for a seed
 */
public record InitSpec(Optional<String> kernel, OptionalLong seed, NodeArgs params) {
  public InitSpec {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(params, "params");
    if (kernel.isPresent() == seed.isPresent()) {
      throw new IllegalArgumentException("an init spec has either a kernel or a seed");
    }
  }

  /** True for {@code init: {seed: ...}}. */
  public boolean isSeeded() {
    return seed.isPresent();
  }
}
