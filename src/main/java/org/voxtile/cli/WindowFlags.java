package org.voxtile.cli;

import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.Inference;

/**
 * The sliding-window flags of {@code run} and {@code describe}, {@code --sliding-window},
 * {@code --roi-size X,Y,Z}, {@code --overlap F}, {@code --blend constant|gaussian} and
 * {@code --sigma-scale F}, declared and read in one place; each overrides the pipeline's
 * {@code inference:} key of the same name ({@link Inference}).
 *
 * <pre>{@code
 * static final Options OPTIONS = WindowFlags.addTo(new Options("run", "...").option(...));
 * Inference.Overrides flags = WindowFlags.read(OPTIONS.parse(args));
 * }</pre>
 */
final class WindowFlags {
  private WindowFlags() {}

  static final OptionValue<Double> OVERLAP = new OptionValue<>("a number at least 0 and below 1", text -> {
    double v = Double.parseDouble(text.trim());
    if (Inference.overlapProblem(v) != null) {
      throw new IllegalArgumentException();
    }
    return v;
  });

  static final OptionValue<Inference.Blend> BLEND = new OptionValue<>("constant or gaussian", text -> {
    Inference.Blend blend = Inference.Blend.fromLabel(text);
    if (blend == null) {
      throw new IllegalArgumentException();
    }
    return blend;
  });

  /** Declares the flags on {@code options}; returns it. */
  static Options addTo(Options options) {
    return options
        .flag("--sliding-window", "MONAI's sliding-window inference: each window computed as a whole image, "
            + "overlapping windows blended (overrides the pipeline's inference: mode)")
        .option("--roi-size", "X,Y,Z", "the window, in voxels (inference.roi_size)")
        .option("--overlap", "F", "fraction of a window its neighbour overlaps, in [0, 1) (inference.overlap; "
            + "default 0.25)")
        .option("--blend", "MODE", "constant or gaussian importance map (inference.blend; default constant)")
        .option("--sigma-scale", "F", "the Gaussian's sigma per window extent (inference.sigma_scale; default "
            + "0.125)");
  }

  /** The flags given; absent ones keep the pipeline's values. */
  static Inference.Overrides read(Options.Parsed a) {
    Extent roi = a.get("--roi-size", OptionValue.TRIPLE, null);
    if (roi != null && Inference.roiProblem(roi) != null) {
      throw new UsageException("--roi-size " + Inference.roiProblem(roi));
    }
    return new Inference.Overrides(a.has("--sliding-window"), roi, a.get("--overlap", OVERLAP, null),
        a.get("--blend", BLEND, null), a.get("--sigma-scale", OptionValue.POSITIVE, null));
  }
}
