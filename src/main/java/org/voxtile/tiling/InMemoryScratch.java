package org.voxtile.tiling;

import java.util.HashMap;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.network.NodeShape;
import org.voxtile.volume.Volume;

/**
 * A {@link Scratch} in the JVM's heap: one whole volume per map, for the single-JVM runner and
 * tests (each map must fit in one array). Not thread-safe; the single-JVM runner writes tiles one
 * after another.
 */
public final class InMemoryScratch implements Scratch {
  private final Map<String, Volume> maps = new HashMap<>();
  private long written;
  private long read;

  @Override
  public void create(String map, NodeShape shape) {
    maps.put(map, Volume.zeros(Box.of(shape.extent()), shape.channels()));
  }

  @Override
  public void write(String map, Volume part) {
    Volume whole = map(map);
    if (!whole.box().contains(part.box()) || whole.channels() != part.channels()) {
      throw new VoxtileException("scratch map '" + map + "' (" + whole + ") cannot take " + part);
    }
    Volume.copyRegion(part, whole, part.box());
    written += 4L * part.data().length;
  }

  @Override
  public Volume read(String map, Box box) {
    Volume part = map(map).crop(box);
    read += 4L * part.data().length;
    return part;
  }

  private Volume map(String map) {
    Volume whole = maps.get(map);
    if (whole == null) {
      throw new VoxtileException("scratch map '" + map + "' was never created");
    }
    return whole;
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  @Override
  public long bytesRead() {
    return read;
  }
}
