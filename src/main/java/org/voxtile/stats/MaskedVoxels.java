package org.voxtile.stats;

import static org.voxtile.Checks.checkArgument;

import org.voxtile.geometry.Box;
import org.voxtile.volume.Volume;

/**
 * Which voxels of a map a statistic counts, and the walk that hands them to a partial: every
 * voxel ({@link Rule#ALL}), those that are non-zero in their own channel ({@link Rule#NONZERO}),
 * or those where a mask map is non-zero ({@link Rule#MAP}: a one-channel mask applies to every
 * channel, else mask channel c to channel c). NaN in a mask counts as non-zero.
 *
 * <pre>{@code
 * Moments m = Moments.empty(channels);
 * MaskedVoxels.visit(x, null, MaskedVoxels.Rule.ALL, tileBox, slotOfChannel, m::add);
 * }</pre>
 */
public final class MaskedVoxels {
  private MaskedVoxels() {}

  /** Which voxels count. */
  public enum Rule {
    ALL, NONZERO, MAP
  }

  /** Receives one counted voxel's value and the slot of its channel. */
  @FunctionalInterface
  public interface Sink {
    void add(int slot, float value);

    /**
     * Receives {@code length} consecutive counted values (a row with every voxel counted), as
     * that many {@link #add} calls in order; a sink overrides it to take a row at once.
     */
    default void addRun(int slot, float[] values, int from, int length) {
      for (int i = from; i < from + length; i++) {
        add(slot, values[i]);
      }
    }
  }

  /**
   * Hands every counted voxel of {@code region} to {@code sink}, channel by channel, z, y, x.
   *
   * @param mask the mask map for {@link Rule#MAP}, else ignored (may be null)
   * @param slotOfChannel the slot each channel of {@code values} adds to
   * @throws IllegalArgumentException when {@code region} is not inside the maps
   */
  public static void visit(Volume values, Volume mask, Rule rule, Box region, int[] slotOfChannel, Sink sink) {
    checkArgument(values.box().contains(region), "region %s not inside %s", region, values.box());
    checkArgument(slotOfChannel.length == values.channels(), "one slot per channel");
    if (rule == Rule.MAP) {
      checkArgument(mask != null && mask.box().contains(region), "mask %s does not cover %s", mask, region);
      checkArgument(mask.channels() == 1 || mask.channels() == values.channels(),
          "mask has %s channels, the map %s", mask.channels(), values.channels());
    }
    if (region.isEmpty()) {
      return;
    }
    float[] v = values.data();
    float[] m = rule == Rule.MAP ? mask.data() : null;
    int row = (int) region.extent().x();
    for (int c = 0; c < values.channels(); c++) {
      int slot = slotOfChannel[c];
      int maskChannel = m == null || mask.channels() == 1 ? 0 : c;
      for (long z = region.min().z(); z < region.max().z(); z++) {
        for (long y = region.min().y(); y < region.max().y(); y++) {
          int at = values.index(c, region.min().x(), y, z);
          if (rule == Rule.ALL) {
            sink.addRun(slot, v, at, row);
            continue;
          }
          int maskAt = m == null ? 0 : mask.index(maskChannel, region.min().x(), y, z);
          for (int i = 0; i < row; i++) {
            float value = v[at + i];
            boolean counted = switch (rule) {
              case ALL -> true;
              case NONZERO -> value != 0;
              case MAP -> m[maskAt + i] != 0;
            };
            if (counted) {
              sink.add(slot, value);
            }
          }
        }
      }
    }
  }
}
