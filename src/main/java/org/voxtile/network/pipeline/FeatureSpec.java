package org.voxtile.network.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * The per-scan feature vector a pipeline asks for:
 * {@code features: {from: c2, spp: {levels: [1, 2, 4], mode: max}}} pools node {@code c2}'s
 * feature map by spatial pyramid pooling, each level {@code n} splitting the volume into n x n x n
 * bins, {@code mode} {@code max} or {@code avg}.
 *
 * @param from the node whose output is pooled
 * @param levels the pyramid levels, each >= 1, in file order
 * @param mode {@code "max"} or {@code "avg"}
 */
public record FeatureSpec(String from, List<Integer> levels, String mode) {
  /** The pooling modes. */
  public static final List<String> MODES = List.of("max", "avg");

  public FeatureSpec {
    Objects.requireNonNull(from, "from");
    levels = List.copyOf(levels);
    if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1)) {
      throw new IllegalArgumentException("spp levels must be positive integers, got " + levels);
    }
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("spp mode must be max or avg, got " + mode);
    }
  }

  /** The length of the vector per channel: the sum of level^3. */
  public long binsPerChannel() {
    long bins = 0;
    for (int level : levels) {
      bins += (long) level * level * level;
    }
    return bins;
  }
}
