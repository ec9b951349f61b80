package org.voxtile.tiling;

import java.io.Serializable;
import java.util.Map;
import org.voxtile.geometry.Box;

/**
 * One unit of work: the boxes of the output nodes it computes (each in that output's global
 * coordinates). Small and serialisable: a Spark task receives only this and the plan's network.
 */
public record Tile(int index, Map<String, Box> outputs) implements Serializable {
  public Tile {
    outputs = Map.copyOf(outputs);
  }
}
