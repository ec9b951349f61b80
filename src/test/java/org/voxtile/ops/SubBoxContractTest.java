package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * The tiling contract, as a seeded property: for random ops and output boxes, computing a box
 * from (requiredInput(box) clipped to the input extent) equals cropping the whole output, bit for
 * bit. Each failure message carries the seed and the case.
 */
class SubBoxContractTest {
  private static final long SEED = 20261128L;
  private static final int TRIALS = 300;

  @Test
  void everyOutputBoxEqualsTheCroppedWholeOutput() {
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = SEED + trial;
      RandomOps random = new RandomOps(seed);
      int channels = random.between(1, 4);
      Op op = pick(random, trial % 5, channels);
      Extent inputExtent = random.extent(3, 11);
      Extent outputExtent;
      try {
        outputExtent = op.outputExtent(inputExtent);
      } catch (IllegalArgumentException tooSmall) {
        continue;
      }
      List<Volume> inputs = new ArrayList<>();
      int count = op.inputCount() == Op.VARIADIC ? random.between(1, 3) : 1;
      for (int i = 0; i < count; i++) {
        inputs.add(random.volume(inputExtent, channels));
      }
      if (op instanceof AdaptivePool3d adaptive) {
        op = adaptive.forInput(inputExtent);
      }
      Volume whole = op.compute(inputs, Box.of(outputExtent), inputExtent);
      for (int b = 0; b < 4; b++) {
        Box box = random.boxIn(Box.of(outputExtent));
        Box needed = op.requiredInput(box).intersect(Box.of(inputExtent));
        List<Volume> cropped = inputs.stream().map(v -> v.crop(needed)).toList();
        Volume tile = op.compute(cropped, box, inputExtent);
        String what = "seed " + seed + ": " + op + " on " + inputExtent + " x " + channels
            + " channels, output box " + box;
        assertEquals(box, tile.box(), what);
        assertArrayEquals(whole.crop(box).data(), tile.data(), what);
      }
    }
  }

  private static Op pick(RandomOps random, int kind, int channels) {
    return switch (kind) {
      case 0 -> random.conv3d(channels);
      case 1 -> random.convTranspose3d(channels);
      case 2 -> random.pool();
      case 3 -> random.between(0, 1) == 0 ? new Add() : new Concat();
      default -> switch (random.between(0, 2)) {
        case 0 -> Activation.gelu().withThreads(random.between(1, 3));
        case 1 -> Activation.leakyRelu(0.2f);
        default -> new BatchNorm3d(random.floats(channels), new float[channels],
            random.floats(channels), random.floats(channels), 1e-5f);
      };
    };
  }
}
