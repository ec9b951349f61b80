package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/** Checks shared by the ops' {@code compute} methods: the inputs must cover what the op reads. */
final class Inputs {
  private Inputs() {}

  /**
   * Checks the input count and that each input covers {@code requiredInput(output)} clipped to
   * the global input extent.
   */
  static void checkCover(Op op, List<Volume> inputs, Box output, Extent inputExtent) {
    checkArgument(inputs != null && !inputs.isEmpty(), "%s: no input volumes", op.name());
    checkArgument(op.inputCount() == Op.VARIADIC || inputs.size() == op.inputCount(),
        "%s: expected %s inputs, got %s", op.name(), op.inputCount(), inputs.size());
    Box needed = op.requiredInput(output).intersect(Box.of(inputExtent));
    for (int i = 0; i < inputs.size(); i++) {
      Volume in = inputs.get(i);
      checkArgument(in.box().contains(needed),
          "%s: input %s covers %s but output %s needs %s (input extent %s)",
          op.name(), i, in.box(), output, needed, inputExtent);
    }
  }

  /**
   * The checks of an op with a global output extent of its own (convolutions, pools): the inputs
   * cover what {@code output} reads ({@link #checkCover}), {@code output} lies inside the output
   * extent ({@link #checkOutput}) and the inputs' channels fit the op ({@link Op#outputChannels}).
   */
  static void check(Op op, List<Volume> inputs, Box output, Extent inputExtent) {
    checkCover(op, inputs, output, inputExtent);
    checkOutput(op, output, inputExtent);
    op.outputChannels(channels(inputs));
  }

  /** The channel count of each input, in order: what {@link Op#outputChannels} takes. */
  static int[] channels(List<Volume> inputs) {
    return inputs.stream().mapToInt(Volume::channels).toArray();
  }

  /**
   * The voxels of {@code in} over {@code box}, to read only: {@code in} itself when its box is
   * exactly {@code box} (no copy), else a cropped copy. Never write into the result.
   */
  static Volume cropped(Volume in, Box box) {
    return in.box().equals(box) ? in : in.crop(box);
  }

  /** The voxels of {@code in} over {@code box} as a new volume of its own, for the op to write. */
  static Volume croppedCopy(Volume in, Box box) {
    return in.box().equals(box) ? in.copy() : in.crop(box);
  }

  /** The channels of a one-input op that keeps them ({@link PerChannel}). */
  static int sameChannels(Op op, int... inputChannels) {
    checkArgument(inputChannels.length == 1, "%s: expected 1 input, got %s", op.name(), inputChannels.length);
    return inputChannels[0];
  }

  /** Output box must be inside the op's global output extent. */
  static void checkOutput(Op op, Box output, Extent inputExtent) {
    Extent out = op.outputExtent(inputExtent);
    checkArgument(Box.of(out).contains(output),
        "%s: output box %s outside the output extent %s", op.name(), output, out);
  }
}
