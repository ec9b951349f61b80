package org.voxtile.spark;

import org.voxtile.geometry.Box;
import org.voxtile.nifti.MultiChannelSource;
import org.voxtile.tiling.InputSource;
import org.voxtile.volume.Volume;

/** A scan's files as a task's input source, timing the reads and keeping the last box read. */
final class TimedSource implements InputSource {
  private final MultiChannelSource scan;
  private long nanos;
  private Volume last;

  TimedSource(MultiChannelSource scan) {
    this.scan = scan;
  }

  @Override
  public Volume read(Box box) {
    long start = System.nanoTime();
    last = scan.read(box);
    nanos += System.nanoTime() - start;
    return last;
  }

  /** Time spent reading so far. */
  long nanos() {
    return nanos;
  }

  /** The last box read, or null. */
  Volume last() {
    return last;
  }
}
