package org.voxtile.features;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tile's share of a scan's features: partial SPP of the feature node over the voxels the tile
 * owns, and per-channel statistics of the input channels and of each output node over the voxels
 * it owns. Merging is exact (counts, max, exact sums), so the order of merging does not matter.
 *
 * @param spp partial pyramid pooling, or null when the pipeline asks for none
 * @param stats map name ({@link org.voxtile.network.Network#SOURCE} for the stacked inputs, else
 *     an output node) to one statistics object per channel
 */
public record TileFeatures(SppAccumulator spp, Map<String, ChannelStats[]> stats) implements Serializable {
  private static final long serialVersionUID = 1L;

  public TileFeatures merge(TileFeatures o) {
    Map<String, ChannelStats[]> merged = new LinkedHashMap<>();
    stats.forEach((name, mine) -> {
      ChannelStats[] theirs = o.stats.get(name);
      ChannelStats[] both = new ChannelStats[mine.length];
      for (int c = 0; c < mine.length; c++) {
        both[c] = mine[c].merge(theirs[c]);
      }
      merged.put(name, both);
    });
    return new TileFeatures(spp == null ? null : spp.merge(o.spp), merged);
  }
}
