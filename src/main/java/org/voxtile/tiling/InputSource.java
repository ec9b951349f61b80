package org.voxtile.tiling;

import org.voxtile.geometry.Box;
import org.voxtile.volume.Volume;

/**
 * Where a tile's input comes from: the pipeline inputs stacked as channels, read one box at a
 * time. Implementations read files by range (NIfTI), or crop an in-memory volume (tests, small
 * scans).
 */
@FunctionalInterface
public interface InputSource {
  /**
   * All input channels over {@code box}, which lies inside the input's global extent.
   *
   * @return a volume whose box contains {@code box}
   */
  Volume read(Box box);

  /** An in-memory volume as a source; reads are copies of its sub-boxes. */
  static InputSource of(Volume whole) {
    return box -> whole.crop(box);
  }
}
