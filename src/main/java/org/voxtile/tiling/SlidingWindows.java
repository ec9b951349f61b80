package org.voxtile.tiling;

import java.util.ArrayList;
import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;

/**
 * The windows of MONAI's {@code sliding_window_inference} over one scan, by MONAI's own rules
 * (docs/decisions.md §31): a scan smaller than the window on an axis is padded symmetrically to
 * the window ({@code diff // 2} before); the scan interval is {@code int(roi * (1 - overlap))}, at
 * least 1, or the whole axis when the window equals it; window starts are
 * {@code dense_patch_slices}': multiples of the interval up to the first window that reaches the
 * end, that last one moved back to end at the border. Windows are listed as MONAI visits them, the
 * first axis (x, PyTorch's D) slowest: the fixed order in which overlapping windows are summed.
 * Coordinates are those of the padded scan; {@link #padding()} maps them back.
 *
 * <pre>{@code
 * SlidingWindows w = SlidingWindows.of(Extent.of(181, 217, 181), Extent.cube(96), 0.5);
 * w.starts(0);        // [0, 48, 85]
 * w.windows().size(); // 3 * 4 * 3
 * }</pre>
 *
 * @param image the scan's extent
 * @param roi the window's extent
 * @param overlap the fraction of a window its neighbour overlaps, in [0, 1)
 */
public record SlidingWindows(Extent image, Extent roi, double overlap) {
  public SlidingWindows {
    if (!(overlap >= 0 && overlap < 1)) {
      throw new VoxtileException("overlap must be at least 0 and below 1, not " + overlap);
    }
    for (int d = 0; d < 3; d++) {
      if (roi.get(d) < 1) {
        throw new VoxtileException("roi_size must be positive on every axis, not " + roi);
      }
    }
  }

  public static SlidingWindows of(Extent image, Extent roi, double overlap) {
    return new SlidingWindows(image, roi, overlap);
  }

  /** The scan padded to at least the window on every axis (what MONAI slides over). */
  public Extent padded() {
    return new Extent(Math.max(image.x(), roi.x()), Math.max(image.y(), roi.y()), Math.max(image.z(), roi.z()));
  }

  /** Voxels added before the scan on each axis: half the shortfall, rounded down, as MONAI pads. */
  public Index3 padding() {
    long[] before = new long[3];
    for (int d = 0; d < 3; d++) {
      before[d] = Math.max(roi.get(d) - image.get(d), 0) / 2;
    }
    return new Index3(before[0], before[1], before[2]);
  }

  /** MONAI's {@code _get_scan_interval} on axis {@code d}. */
  public long interval(int d) {
    long size = padded().get(d);
    long window = roi.get(d);
    if (window == size) {
      return window;
    }
    long interval = (long) (window * (1 - overlap)); // Python's int() of the same double
    return interval > 0 ? interval : 1;
  }

  /** MONAI's {@code dense_patch_slices} starts on axis {@code d}, in the padded scan. */
  public List<Long> starts(int d) {
    long size = padded().get(d);
    long window = roi.get(d);
    long interval = interval(d);
    long num = (size + interval - 1) / interval; // math.ceil(size / interval)
    long count = 1;
    for (long i = 0; i < num; i++) {
      if (i * interval + window >= size) {
        count = i + 1;
        break;
      }
    }
    List<Long> starts = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      long start = i * interval;
      starts.add(start - Math.max(start + window - size, 0));
    }
    return starts;
  }

  /** Every window in MONAI's order (x slowest, z fastest), as boxes of the padded scan. */
  public List<Box> windows() {
    List<Box> boxes = new ArrayList<>();
    for (long x : starts(0)) {
      for (long y : starts(1)) {
        for (long z : starts(2)) {
          boxes.add(Box.of(new Index3(x, y, z), roi));
        }
      }
    }
    return boxes;
  }

  /** Voxels the windows compute over voxels of the padded scan: the cost of the overlap. */
  public double overlapFactor() {
    double computed = 1;
    for (int d = 0; d < 3; d++) {
      computed *= (double) starts(d).size() * roi.get(d) / padded().get(d);
    }
    return computed;
  }
}
