package org.voxtile.tiling;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/**
 * A minimal op for testing the tiling engine alone: sums a k^3 window with stride s and zero
 * padding p over each channel, weighting offsets differently so misplaced windows show. Same
 * output-size formula and region map as conv3d.
 */
final class WindowSum implements Op {
  private final int k;
  private final int s;
  private final int p;

  WindowSum(int k, int s, int p) {
    this.k = k;
    this.s = s;
    this.p = p;
  }

  @Override
  public String name() {
    return "window_sum(k=" + k + ",s=" + s + ",p=" + p + ")";
  }

  @Override
  public int inputCount() {
    return 1;
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return inputChannels[0];
  }

  private long size(long n) {
    long span = n + 2L * p - k;
    if (span < 0) {
      throw new IllegalArgumentException("input " + n + " smaller than kernel " + k);
    }
    return span / s + 1;
  }

  @Override
  public Extent outputExtent(Extent in) {
    return new Extent(size(in.x()), size(in.y()), size(in.z()));
  }

  @Override
  public Box requiredInput(Box out) {
    if (out.isEmpty()) {
      return out;
    }
    Index3 min = new Index3(out.min().x() * s - p, out.min().y() * s - p, out.min().z() * s - p);
    Index3 max = new Index3((out.max().x() - 1) * s - p + k, (out.max().y() - 1) * s - p + k,
        (out.max().z() - 1) * s - p + k);
    return new Box(min, max);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Volume in = inputs.get(0);
    Volume result = Volume.zeros(out, in.channels());
    Box valid = Box.of(inputExtent);
    for (int c = 0; c < in.channels(); c++) {
      for (long z = out.min().z(); z < out.max().z(); z++) {
        for (long y = out.min().y(); y < out.max().y(); y++) {
          for (long x = out.min().x(); x < out.max().x(); x++) {
            float sum = 0;
            for (int dz = 0; dz < k; dz++) {
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  Index3 at = new Index3(x * s - p + dx, y * s - p + dy, z * s - p + dz);
                  if (valid.contains(at)) {
                    sum += (1 + dx + 2 * dy + 3 * dz) * in.get(c, at.x(), at.y(), at.z());
                  }
                }
              }
            }
            result.set(c, x, y, z, sum);
          }
        }
      }
    }
    return result;
  }
}
