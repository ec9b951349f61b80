package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.geometry.Halo;
import org.voxtile.geometry.Index3;
import org.voxtile.volume.Volume;

/**
 * {@code torch.nn.functional.pad} with non-negative amounts per side: {@code constant} (a fill
 * value) or {@code replicate} (the nearest border voxel). Used to make maps fit before {@code add}
 * or {@code concat}, as in PyTorch U-Net code. Output voxel p is input voxel p - lower.
 *
 * <p>Replicate padding reads the border voxel for every output voxel beyond it, so its region map
 * depends on the input extent: the op is bound to the extent it will see ({@link #forInput}).
 */
public final class Pad implements PerChannel {
  /** How voxels outside the input get their value. */
  public enum Mode {
    CONSTANT,
    REPLICATE
  }

  private final Halo amount;
  private final Mode mode;
  private final float value;
  private final Extent inputExtent;

  public Pad(Halo amount, Mode mode, float value) {
    this(amount, mode, value, null);
  }

  private Pad(Halo amount, Mode mode, float value, Extent inputExtent) {
    checkArgument(amount != null && mode != null, "pad: amount and mode must not be null");
    checkArgument(mode == Mode.CONSTANT || value == 0, "pad: a fill value needs mode constant");
    this.amount = amount;
    this.mode = mode;
    this.value = value;
    this.inputExtent = inputExtent;
  }

  /** The same padding bound to the extent of its input (needed by replicate's region map). */
  public Pad forInput(Extent input) {
    return new Pad(amount, mode, value, input);
  }

  public Halo amount() {
    return amount;
  }

  public Mode mode() {
    return mode;
  }

  @Override
  public String name() {
    return "pad";
  }

  @Override
  public Extent outputExtent(Extent input) {
    checkArgument(mode == Mode.CONSTANT || !input.isEmpty(), "pad: replicate needs a non-empty input");
    return new Extent(input.x() + amount.lower().x() + amount.upper().x(),
        input.y() + amount.lower().y() + amount.upper().y(),
        input.z() + amount.lower().z() + amount.upper().z());
  }

  @Override
  public Box requiredInput(Box output) {
    Box shifted = output.translate(amount.lower().asIndex().negate());
    if (mode == Mode.CONSTANT || output.isEmpty()) {
      return shifted;
    }
    checkArgument(inputExtent != null, "pad: replicate needs its input extent: use forInput(extent)");
    long[] low = new long[3];
    long[] high = new long[3];
    for (int d = 0; d < 3; d++) {
      long last = inputExtent.get(d) - 1;
      low[d] = Math.max(0, Math.min(last, shifted.min(d)));
      high[d] = Math.max(0, Math.min(last, shifted.max(d) - 1)) + 1;
    }
    return new Box(new Index3(low[0], low[1], low[2]), new Index3(high[0], high[1], high[2]));
  }

  /** On the unbounded grid there is no border voxel to repeat: every mode is a shift. */
  @Override
  public Box receptiveRegion(Box output) {
    return output.translate(amount.lower().asIndex().negate());
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    Volume in = inputs.get(0);
    Volume out = Volume.zeros(output, in.channels());
    Index3 shift = amount.lower().asIndex();
    for (int c = 0; c < in.channels(); c++) {
      for (long z = output.min().z(); z < output.max().z(); z++) {
        for (long y = output.min().y(); y < output.max().y(); y++) {
          for (long x = output.min().x(); x < output.max().x(); x++) {
            long sx = x - shift.x();
            long sy = y - shift.y();
            long sz = z - shift.z();
            float v;
            if (sx >= 0 && sx < inputExtent.x() && sy >= 0 && sy < inputExtent.y()
                && sz >= 0 && sz < inputExtent.z()) {
              v = in.get(c, sx, sy, sz);
            } else if (mode == Mode.CONSTANT) {
              v = value;
            } else {
              v = in.get(c, clamp(sx, inputExtent.x()), clamp(sy, inputExtent.y()), clamp(sz, inputExtent.z()));
            }
            out.set(c, x, y, z, v);
          }
        }
      }
    }
    return out;
  }

  private static long clamp(long i, long n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  @Override
  public String toString() {
    return "pad(" + amount + ", " + mode.name().toLowerCase(java.util.Locale.ROOT)
        + (mode == Mode.CONSTANT ? ", value=" + value : "") + ")";
  }
}
