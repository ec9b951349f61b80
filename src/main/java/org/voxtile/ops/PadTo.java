package org.voxtile.ops;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * A map of a given shape centred on its input, as TorchIO's {@code CropOrPad(target_shape)}: per
 * axis the difference is padded (or, where the input is larger, cropped) {@code ceil(d / 2)}
 * voxels before and {@code floor(d / 2)} after, so the odd voxel goes before. Padding is
 * {@link Pad}'s (constant value or replicate), cropping {@link Crop}'s; output voxel i is input
 * voxel {@code i - padBefore + cropBefore}, and the affine moves by that offset.
 */
public final class PadTo extends Regridding {
  private static final long serialVersionUID = 1L;

  private final Crop crop;
  private final Extent cropped;
  private final Pad pad;

  public PadTo(Grid input, Extent shape, Pad.Mode mode, float value) {
    this(input, shape, mode, value, bounds(input.extent(), shape));
  }

  /** {@code bounds[0]}: cropped before and after, {@code bounds[1]}: padded before and after, per axis. */
  private PadTo(Grid input, Extent shape, Pad.Mode mode, float value, Halo[] bounds) {
    super(input, new Grid(shape, input.affine().resampled(new double[] {
        bounds[0].lower().x() - bounds[1].lower().x(), bounds[0].lower().y() - bounds[1].lower().y(),
        bounds[0].lower().z() - bounds[1].lower().z()}, new double[] {1, 1, 1})));
    this.crop = new Crop(bounds[0]);
    this.cropped = crop.outputExtent(input.extent());
    this.pad = new Pad(bounds[1], mode, value).forInput(cropped);
  }

  /** TorchIO's bounds: per axis the difference, ceil(n / 2) before and floor(n / 2) after. */
  private static Halo[] bounds(Extent input, Extent shape) {
    long[][] cut = new long[2][3];
    long[][] grow = new long[2][3];
    for (int d = 0; d < 3; d++) {
      long diff = shape.get(d) - input.get(d);
      long[][] side = diff < 0 ? cut : grow;
      long n = Math.abs(diff);
      side[0][d] = (n + 1) / 2;
      side[1][d] = n / 2;
    }
    return new Halo[] {new Halo(Extent.of(cut[0][0], cut[0][1], cut[0][2]), Extent.of(cut[1][0], cut[1][1], cut[1][2])),
        new Halo(Extent.of(grow[0][0], grow[0][1], grow[0][2]), Extent.of(grow[1][0], grow[1][1], grow[1][2]))};
  }

  @Override
  public String name() {
    return "pad_to";
  }

  @Override
  public Box requiredInput(Box out) {
    Box middle = pad.requiredInput(out).intersect(Box.of(cropped));
    return middle.isEmpty() ? middle : crop.requiredInput(middle);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box out, Extent inputExtent) {
    Inputs.checkOutput(this, out, inputExtent);
    Box middle = pad.requiredInput(out).intersect(Box.of(cropped));
    Volume in = inputs.get(0);
    List<Volume> kept = middle.isEmpty() ? List.of(Volume.zeros(middle, in.channels()))
        : List.of(crop.compute(inputs, middle, inputExtent));
    return pad.compute(kept, out, cropped);
  }

  @Override
  public String toString() {
    return "pad_to(" + outputGrid().extent() + ", " + pad + ", " + crop + ")";
  }
}
