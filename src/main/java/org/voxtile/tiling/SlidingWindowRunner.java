package org.voxtile.tiling;

import java.util.LinkedHashMap;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.volume.Volume;

/**
 * MONAI's {@code sliding_window_inference} in one JVM: each window of the (padded) scan is run
 * through the network as a whole image of the window's extent (so instance norm statistics are
 * the window's, as MONAI's and nnU-Net's predictors give them), its outputs are weighted by the
 * importance map and summed, window after window in MONAI's order, into the output and a weight
 * sum, in float32 as MONAI does; the output is then divided by the weights and cropped back to the
 * scan. The sum's order is the windows' order, whatever runs them, so a distributed run that adds
 * the same windows in the same order gives the same bits.
 *
 * <pre>{@code
 * SlidingWindowRunner r = new SlidingWindowRunner(network, SlidingWindows.of(scan.extent(), roi, 0.5),
 *     ImportanceMap.gaussian(roi, new double[] {0.125, 0.125, 0.125}), 0f);
 * Map<String, Volume> out = r.run(InputSource.of(scan));
 * }</pre>
 *
 * Only outputs of the window's own extent are blended (MONAI also zooms outputs of another
 * resolution; not here yet): another extent is refused naming the output.
 */
public final class SlidingWindowRunner {
  private final Network network;
  private final SlidingWindows windows;
  private final Volume weights;
  private final float cval;
  private final Map<String, NodeShape> shapes;

  /**
   * @param network the network, whole-image semantics (global nodes are bound per window)
   * @param weights the importance map, of the window's extent
   * @param cval the value of voxels the padding adds (MONAI's {@code padding_mode="constant"})
   * @throws VoxtileException naming the output whose extent is not the window's
   */
  public SlidingWindowRunner(Network network, SlidingWindows windows, Volume weights, float cval) {
    this.network = network;
    this.windows = windows;
    this.weights = weights;
    this.cval = cval;
    this.shapes = network.shapes(windows.roi());
    if (!weights.extent().equals(windows.roi())) {
      throw new IllegalArgumentException("importance map " + weights.extent() + " is not the window " + windows.roi());
    }
    for (String out : network.outputs()) {
      if (!shapes.get(out).extent().equals(windows.roi())) {
        throw new VoxtileException("output '" + out + "' is " + shapes.get(out).extent() + " for a window of "
            + windows.roi() + ": sliding windows blend outputs of the window's extent only");
      }
    }
  }

  /** The blended outputs over the scan (each of the scan's extent). */
  public Map<String, Volume> run(InputSource scan) {
    Extent padded = windows.padded();
    Index3 pad = windows.padding();
    Box image = Box.of(pad, windows.image()); // where the scan lies in the padded grid
    Map<String, Volume> sums = new LinkedHashMap<>();
    for (String out : network.outputs()) {
      sums.put(out, Volume.zeros(Box.of(padded), shapes.get(out).channels()));
    }
    Volume count = Volume.zeros(Box.of(padded), 1);
    Volume ones = Volume.zeros(Box.of(windows.roi()), 1); // count += weights * 1: MONAI's count map, exactly
    java.util.Arrays.fill(ones.data(), 1f);
    StagedPlan plan = new StagedPlanner(network, windows.roi())
        .plan(StagingOptions.fixed((stage, reference) -> reference, CutChoice.RECOMPUTE));
    for (Box window : windows.windows()) {
      Volume input = read(scan, window, image);
      Map<String, Volume> outputs = new StagedRunner(plan).run(InputSource.of(input), new InMemoryScratch(),
          "window " + window);
      for (Map.Entry<String, Volume> e : outputs.entrySet()) {
        accumulate(e.getValue(), sums.get(e.getKey()), window.min());
      }
      accumulate(ones, count, window.min());
    }
    Map<String, Volume> result = new LinkedHashMap<>();
    Box crop = image;
    for (Map.Entry<String, Volume> e : sums.entrySet()) {
      Volume sum = e.getValue();
      int n = sum.voxelsPerChannel();
      float[] s = sum.data();
      float[] c = count.data();
      for (int ch = 0; ch < sum.channels(); ch++) {
        for (int i = 0; i < n; i++) {
          s[ch * n + i] /= c[i];
        }
      }
      Volume cropped = sum.crop(crop);
      result.put(e.getKey(), Volume.wrap(Box.of(windows.image()), cropped.channels(), cropped.data()));
    }
    return result;
  }

  /** The window's input, in window coordinates: the scan where it lies under the window, cval elsewhere. */
  private Volume read(InputSource scan, Box window, Box image) {
    Box inside = window.intersect(image);
    Volume part = Volume.zeros(Box.of(windows.roi()), network.inputChannels());
    if (cval != 0) {
      java.util.Arrays.fill(part.data(), cval);
    }
    if (!inside.isEmpty()) {
      Index3 toScan = new Index3(-image.min(0), -image.min(1), -image.min(2));
      Volume values = scan.read(inside.translate(toScan));
      Index3 toWindow = new Index3(image.min(0) - window.min(0), image.min(1) - window.min(1),
          image.min(2) - window.min(2));
      Volume shifted = Volume.wrap(values.box().translate(toWindow), values.channels(), values.data());
      Volume.copyRegion(shifted, part, inside.translate(new Index3(-window.min(0), -window.min(1), -window.min(2))));
    }
    return part;
  }

  /** {@code total[window] += weights * values}, channel by channel, in float32 as MONAI. */
  private void accumulate(Volume values, Volume total, Index3 at) {
    Extent roi = windows.roi();
    float[] w = weights.data();
    float[] v = values.data();
    float[] t = total.data();
    int n = values.voxelsPerChannel();
    for (int c = 0; c < values.channels(); c++) {
      for (long z = 0; z < roi.z(); z++) {
        for (long y = 0; y < roi.y(); y++) {
          int from = (int) ((z * roi.y() + y) * roi.x());
          int to = total.index(c, at.x(), at.y() + y, at.z() + z);
          for (int x = 0; x < roi.x(); x++) {
            t[to + x] += w[from + x] * v[c * n + from + x];
          }
        }
      }
    }
  }

  private Volume weightsAsOne() {
    Volume ones = Volume.zeros(Box.of(windows.roi()), 1);
    java.util.Arrays.fill(ones.data(), 1f);
    return ones;
  }
}
