package org.voxtile.tiling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Index3;
import org.voxtile.network.Network;
import org.voxtile.network.NodeShape;
import org.voxtile.network.pipeline.Inference;
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
  private final StagedPlan plan;

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
    this.plan = new StagedPlanner(network, windows.roi())
        .plan(StagingOptions.fixed((stage, reference) -> reference, CutChoice.MATERIALISE));
  }

  /**
   * The runner for {@code inference}'s windows over a scan of {@code image}.
   *
   * @throws VoxtileException naming the output whose extent is not the window's
   */
  public static SlidingWindowRunner of(Network network, Extent image, Inference inference) {
    SlidingWindows windows = SlidingWindows.of(image, inference.roi(), inference.overlap());
    Volume weights = inference.blend() == Inference.Blend.GAUSSIAN
        ? ImportanceMap.gaussian(inference.roi(), inference.sigmaScales()) : ImportanceMap.constant(inference.roi());
    return new SlidingWindowRunner(network, windows, weights, inference.cval());
  }

  public SlidingWindows windows() {
    return windows;
  }

  /** The whole-image plan each window runs: one tile per stage. */
  public StagedPlan windowPlan() {
    return plan;
  }

  /**
   * Bytes of maps one window's whole-image run holds at most: its largest stage's live maps plus
   * the maps the cuts keep in memory for later stages (each window materialises them: a window is
   * small, and recomputing the network's prefix at each of nnU-Net's ten norms cost 5.6x the MACs).
   */
  public long peakBytes() {
    return plan.stages().stream().mapToLong(s -> s.tiles().peakBytes()).max().orElse(0) + plan.bytesWritten();
  }

  /**
   * The windows as {@code describe --json} and report.json show them: MONAI's settings, the
   * window starts per axis (in the padded grid), the padding before the scan, the overlap factor
   * (voxels computed over voxels of the padded scan) and the live maps of one window's run.
   */
  public Map<String, Object> summary(Inference inference) {
    Map<String, Object> m = new LinkedHashMap<>();
    Extent roi = windows.roi();
    m.put("roi_size", List.of(roi.x(), roi.y(), roi.z()));
    m.put("overlap", inference.overlap());
    m.put("blend", inference.blend().label());
    if (inference.blend() == Inference.Blend.GAUSSIAN) {
      m.put("sigma_scale", inference.sigmaScale());
    }
    m.put("padding", "constant");
    m.put("cval", (double) inference.cval());
    m.put("windows", windows.windows().size());
    Index3 pad = windows.padding();
    m.put("padding_before", List.of(pad.x(), pad.y(), pad.z()));
    m.put("starts", List.of(windows.starts(0), windows.starts(1), windows.starts(2)));
    m.put("overlap_factor", windows.overlapFactor());
    m.put("peak_bytes_per_task", peakBytes());
    return m;
  }

  /** Where the scan lies in the padded grid the windows are boxes of. */
  public Box image() {
    return Box.of(windows.padding(), windows.image());
  }

  /** The blended outputs over the scan (each of the scan's extent). */
  public Map<String, Volume> run(InputSource scan) {
    Box padded = Box.of(windows.padded());
    Map<String, Volume> sums = new LinkedHashMap<>();
    for (String out : network.outputs()) {
      sums.put(out, Volume.zeros(padded, shapes.get(out).channels()));
    }
    Volume count = Volume.zeros(padded, 1);
    for (Box window : windows.windows()) {
      for (Map.Entry<String, Volume> e : weighted(scan, window).entrySet()) {
        add(e.getValue(), sums.get(e.getKey()));
      }
      add(weightsAt(window), count);
    }
    Map<String, Volume> result = new LinkedHashMap<>();
    for (Map.Entry<String, Volume> e : sums.entrySet()) {
      Volume cropped = divide(e.getValue(), count).crop(image());
      result.put(e.getKey(), Volume.wrap(Box.of(windows.image()), cropped.channels(), cropped.data()));
    }
    return result;
  }

  /**
   * One window's outputs already multiplied by the importance map ({@code weight * output} in
   * float32, the term MONAI adds), each over the window's box of the padded grid. A distributed
   * run adds these terms, in window order, exactly as {@link #run} does.
   */
  public Map<String, Volume> weighted(InputSource scan, Box window) {
    Volume input = read(scan, window, image());
    Map<String, Volume> outputs = new StagedRunner(plan).run(InputSource.of(input), new InMemoryScratch(),
        "window " + window);
    Map<String, Volume> terms = new LinkedHashMap<>();
    float[] w = weights.data();
    for (String out : network.outputs()) {
      Volume v = outputs.get(out);
      float[] data = v.data();
      int n = v.voxelsPerChannel();
      for (int c = 0; c < v.channels(); c++) {
        for (int i = 0; i < n; i++) {
          data[c * n + i] *= w[i];
        }
      }
      terms.put(out, Volume.wrap(window, v.channels(), data));
    }
    return terms;
  }

  /** The importance map over {@code window}: the window's term of the weight sum. */
  public Volume weightsAt(Box window) {
    return Volume.wrap(window, 1, weights.data());
  }

  /**
   * {@code total += part} where they overlap, voxel by voxel in float32: the one addition of the
   * blend, so that every runner adds the same terms to the same sums in the same order.
   */
  public static void add(Volume part, Volume total) {
    if (part.channels() != total.channels()) {
      throw new IllegalArgumentException(part.channels() + " channels added to " + total.channels());
    }
    Box common = part.box().intersect(total.box());
    if (common.isEmpty()) {
      return;
    }
    float[] p = part.data();
    float[] t = total.data();
    for (int c = 0; c < total.channels(); c++) {
      for (long z = common.min(2); z < common.max(2); z++) {
        for (long y = common.min(1); y < common.max(1); y++) {
          int from = part.index(c, common.min(0), y, z);
          int to = total.index(c, common.min(0), y, z);
          for (int x = 0; x < common.extent().x(); x++) {
            t[to + x] += p[from + x];
          }
        }
      }
    }
  }

  /** {@code sum / count}, in place, channel by channel: MONAI's division by the summed weights. */
  public static Volume divide(Volume sum, Volume count) {
    int n = sum.voxelsPerChannel();
    float[] s = sum.data();
    float[] c = count.data();
    for (int ch = 0; ch < sum.channels(); ch++) {
      for (int i = 0; i < n; i++) {
        s[ch * n + i] /= c[i];
      }
    }
    return sum;
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
}
