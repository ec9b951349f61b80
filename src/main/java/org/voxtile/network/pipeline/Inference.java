package org.voxtile.network.pipeline;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;

/**
 * How a pipeline is applied to a scan: {@code whole} (the default: the exact whole-volume
 * network, tiled with halos) or {@code sliding_window}, MONAI's {@code sliding_window_inference}:
 * windows of {@code roi} computed each as a whole image and blended (docs/decisions.md §31-32).
 * The pipeline key, and the {@code run}/{@code describe} flags that override it:
 *
 * <pre>
 * inference: {mode: whole | sliding_window, roi_size: [X, Y, Z], overlap: 0.25,
 *             blend: constant | gaussian, sigma_scale: 0.125, padding: constant, cval: 0}
 * </pre>
 *
 * @param slidingWindow whether {@code mode: sliding_window}
 * @param roi the window in (x, y, z), or null when none was given (whole mode only)
 * @param overlap the fraction of a window its neighbour overlaps, in [0, 1)
 * @param blend the importance map
 * @param sigmaScale per axis (x, y, z), for {@code blend: gaussian}
 * @param cval the value of the voxels padding adds (MONAI's {@code padding_mode="constant"})
 * @param roiOrigin where {@code roi} was given, for messages: {@code "conf/a.yaml:7: inference.roi_size"}
 *     or {@code "--roi-size"}
 */
public record Inference(boolean slidingWindow, Extent roi, double overlap, Blend blend, List<Double> sigmaScale,
    float cval, String roiOrigin) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The importance map of a window. */
  public enum Blend {
    CONSTANT, GAUSSIAN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The blend spelt {@code label}, or null. */
    public static Blend fromLabel(String label) {
      for (Blend b : values()) {
        if (b.label().equals(label)) {
          return b;
        }
      }
      return null;
    }
  }

  static final Set<String> KEYS = Set.of("mode", "roi_size", "overlap", "blend", "sigma_scale", "padding", "cval");

  /** The default: the whole-volume network, MONAI's defaults for the rest. */
  public static final Inference WHOLE = new Inference(false, null, 0.25, Blend.CONSTANT, List.of(0.125, 0.125, 0.125),
      0f, "");

  /** The largest window: one channel of it must fit one Java array. */
  static final long MAX_WINDOW_VOXELS = Integer.MAX_VALUE - 8;

  public Inference {
    sigmaScale = List.copyOf(sigmaScale);
  }

  /** {@code sigma_scale} as an array (x, y, z). */
  public double[] sigmaScales() {
    return sigmaScale.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * What {@code run} and {@code describe} flags give; null fields keep the pipeline's value.
   *
   * @param slidingWindow {@code --sliding-window}: sliding-window mode whatever the file says
   */
  public record Overrides(boolean slidingWindow, Extent roi, Double overlap, Blend blend, Double sigmaScale) {
    public static final Overrides NONE = new Overrides(false, null, null, null, null);

    boolean any() {
      return roi != null || overlap != null || blend != null || sigmaScale != null;
    }
  }

  /**
   * These settings with {@code o} applied.
   *
   * @throws VoxtileException naming the flag: a value out of range, window flags without
   *     sliding-window mode, or sliding-window mode without a window
   */
  public Inference with(Overrides o) {
    boolean sliding = slidingWindow || o.slidingWindow();
    if (o.any() && !sliding) {
      throw new VoxtileException("--roi-size, --overlap, --blend and --sigma-scale set a sliding window: give "
          + "--sliding-window too (or inference: {mode: sliding_window} in the pipeline)");
    }
    Extent window = o.roi() != null ? o.roi() : roi;
    String origin = o.roi() != null ? "--roi-size" : roiOrigin;
    if (o.roi() != null) {
      check(roiProblem(window), "--roi-size");
    }
    if (o.overlap() != null) {
      check(overlapProblem(o.overlap()), "--overlap");
    }
    if (o.sigmaScale() != null) {
      check(sigmaProblem(o.sigmaScale()), "--sigma-scale");
    }
    if (sliding && window == null) {
      throw new VoxtileException("--sliding-window needs a window: give --roi-size X,Y,Z (or inference.roi_size "
          + "in the pipeline)");
    }
    double s = o.sigmaScale() == null ? 0 : o.sigmaScale();
    return new Inference(sliding, window, o.overlap() != null ? o.overlap() : overlap,
        o.blend() != null ? o.blend() : blend, o.sigmaScale() != null ? List.of(s, s, s) : sigmaScale, cval, origin);
  }

  private static void check(String problem, String flag) {
    if (problem != null) {
      throw new VoxtileException(flag + " " + problem);
    }
  }

  /**
   * Reads the {@code inference:} mapping of a pipeline file.
   *
   * @param where the file and line of the key, e.g. {@code conf/a.yaml:7}
   * @throws PipelineException naming {@code where} and the key
   */
  static Inference read(Object value, String where, Axes axes) {
    Map<String, Object> m = FileValues.mapping(value, where, "inference", KEYS);
    Object modeValue = m.getOrDefault("mode", "whole");
    if (!"whole".equals(modeValue) && !"sliding_window".equals(modeValue)) {
      throw fail(where, "mode", "must be whole or sliding_window, got " + ArgReader.show(modeValue));
    }
    Extent roi = m.containsKey("roi_size") ? roi(m.get("roi_size"), where, axes) : null;
    boolean sliding = modeValue.equals("sliding_window");
    if (sliding && roi == null) {
      throw fail(where, "roi_size", "missing: mode sliding_window needs the window, e.g. roi_size: [96, 96, 96]");
    }
    double overlap = WHOLE.overlap;
    if (m.containsKey("overlap")) {
      overlap = number(m.get("overlap"), where, "overlap");
      String problem = overlapProblem(overlap);
      if (problem != null) {
        throw fail(where, "overlap", problem);
      }
    }
    Object blendValue = m.getOrDefault("blend", Blend.CONSTANT.label());
    Blend blend = blendValue instanceof String label ? Blend.fromLabel(label) : null;
    if (blend == null) {
      throw fail(where, "blend", "must be constant or gaussian, got " + ArgReader.show(blendValue)
          + " (MONAI's pre-0.9 Gaussian is not offered: docs/decisions.md §32)");
    }
    List<Double> sigma = m.containsKey("sigma_scale") ? sigma(m.get("sigma_scale"), where, axes) : WHOLE.sigmaScale;
    Object padding = m.getOrDefault("padding", "constant");
    if (!"constant".equals(padding)) {
      throw fail(where, "padding", "must be constant, got " + ArgReader.show(padding) + " (MONAI's other padding "
          + "modes are not supported: docs/decisions.md §32)");
    }
    float cval = m.containsKey("cval") ? (float) number(m.get("cval"), where, "cval") : 0f;
    return new Inference(sliding, roi, overlap, blend, sigma, cval, where + ": inference.roi_size");
  }

  private static Extent roi(Object value, String where, Axes axes) {
    List<?> list = value instanceof List<?> l ? l : List.of(value);
    String expected = "must be a positive integer or a list of 3, got " + ArgReader.show(value);
    if (list.size() != 3 && value instanceof List<?>) {
      throw fail(where, "roi_size", expected);
    }
    long[] v = new long[list.size()];
    for (int i = 0; i < v.length; i++) {
      if (!(list.get(i) instanceof Integer || list.get(i) instanceof Long)) {
        throw fail(where, "roi_size", expected);
      }
      v[i] = ((Number) list.get(i)).longValue();
    }
    Extent roi = v.length == 1 ? new Extent(v[0], v[0], v[0])
        : axes == Axes.XYZ ? new Extent(v[0], v[1], v[2]) : new Extent(v[2], v[1], v[0]);
    String problem = roiProblem(roi);
    if (problem != null) {
      throw fail(where, "roi_size", problem);
    }
    return roi;
  }

  private static List<Double> sigma(Object value, String where, Axes axes) {
    List<?> list = value instanceof List<?> l ? l : List.of(value);
    if (list.size() != 3 && value instanceof List<?>) {
      throw fail(where, "sigma_scale", "must be a positive number or a list of 3, got " + ArgReader.show(value));
    }
    double[] v = new double[list.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(list.get(i), where, "sigma_scale");
      String problem = sigmaProblem(v[i]);
      if (problem != null) {
        throw fail(where, "sigma_scale", problem);
      }
    }
    if (v.length == 1) {
      return List.of(v[0], v[0], v[0]);
    }
    return axes == Axes.XYZ ? List.of(v[0], v[1], v[2]) : List.of(v[2], v[1], v[0]);
  }

  private static double number(Object value, String where, String key) {
    if (!(value instanceof Number n) || value instanceof java.math.BigInteger || !Double.isFinite(n.doubleValue())) {
      throw fail(where, key, "must be a finite number, got " + ArgReader.show(value));
    }
    return n.doubleValue();
  }

  public static String roiProblem(Extent roi) {
    if (roi.x() < 1 || roi.y() < 1 || roi.z() < 1) {
      return "must be positive on every axis, got " + roi;
    }
    if ((double) roi.x() * roi.y() * roi.z() > MAX_WINDOW_VOXELS) {
      return roi + " is more than " + MAX_WINDOW_VOXELS + " voxels: a window is one task's whole image";
    }
    return null;
  }

  public static String overlapProblem(double overlap) {
    return overlap >= 0 && overlap < 1 ? null : "must be at least 0 and below 1 (MONAI's overlap), got " + overlap;
  }

  static String sigmaProblem(double sigma) {
    return sigma > 0 && Double.isFinite(sigma) ? null : "must be a positive number, got " + sigma;
  }

  private static PipelineException fail(String where, String key, String detail) {
    return PipelineException.atFile(where, "inference." + key + " " + detail);
  }
}
