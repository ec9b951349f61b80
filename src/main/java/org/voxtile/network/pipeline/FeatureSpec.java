package org.voxtile.network.pipeline;

import java.util.List;
import java.util.Objects;
import org.voxtile.ops.PoolMode;

/**
 * The per-scan feature vector a pipeline asks for:
 * {@code features: {from: c2, spp: {levels: [1, 2, 4], mode: max}}} pools node {@code c2}'s
 * feature map by spatial pyramid pooling, each level {@code n} splitting the volume into n x n x n
 * bins, {@code mode} {@code max} or {@code avg}.
 *
 * @param from the node whose output is pooled
 * @param levels the pyramid levels, each >= 1, in file order
 * @param mode what each bin keeps: its maximum or its mean
 */
public record FeatureSpec(String from, List<Integer> levels, PoolMode mode) {
  public FeatureSpec {
    Objects.requireNonNull(from, "from");
    levels = List.copyOf(levels);
    if (levels.isEmpty() || levels.stream().anyMatch(level -> level < 1)) {
      throw new IllegalArgumentException("spp levels must be positive integers, got " + levels);
    }
    Objects.requireNonNull(mode, "mode");
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
