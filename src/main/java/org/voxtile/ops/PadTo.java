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
public final class PadTo implements Regridding, PerChannel {
  private static final long serialVersionUID = 1L;

  private final Grid input;
  private final Grid output;
  private final Crop crop;
  private final Extent cropped;
  private final Pad pad;

  public PadTo(Grid input, Extent shape, Pad.Mode mode, float value) {
    this.input = input;
    long[][] cut = new long[2][3];
    long[][] grow = new long[2][3];
    double[] origin = new double[3];
    for (int d = 0; d < 3; d++) {
      long diff = shape.get(d) - input.extent().get(d);
      long[][] side = diff < 0 ? cut : grow;
      long n = Math.abs(diff);
      side[0][d] = (n + 1) / 2; // TorchIO: ceil(n / 2) before, floor(n / 2) after
      side[1][d] = n / 2;
      origin[d] = cut[0][d] - grow[0][d];
    }
    this.crop = new Crop(new Halo(Extent.of(cut[0][0], cut[0][1], cut[0][2]), Extent.of(cut[1][0], cut[1][1], cut[1][2])));
    this.cropped = crop.outputExtent(input.extent());
    this.pad = new Pad(new Halo(Extent.of(grow[0][0], grow[0][1], grow[0][2]),
        Extent.of(grow[1][0], grow[1][1], grow[1][2])), mode, value).forInput(cropped);
    this.output = new Grid(shape, input.affine().resampled(origin, new double[] {1, 1, 1}));
  }

  @Override
  public String name() {
    return "pad_to";
  }

  @Override
  public Grid inputGrid() {
    return input;
  }

  @Override
  public Grid outputGrid() {
    return output;
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
    return "pad_to(" + output.extent() + ", " + pad + ", " + crop + ")";
  }
}
