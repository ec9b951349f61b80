package org.voxtile.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.OpRegistry;
import org.voxtile.volume.Volume;

/**
 * The tiling contract, as a seeded property: for random ops of every name in the op registry
 * ({@link RandomOps#GENERATORS}) and random output boxes, computing a box from (requiredInput(box)
 * clipped to the input extent) equals cropping the whole output, bit for bit. Each failure
 * message carries the seed and the case.
 */
class SubBoxContractTest {
  private static final long SEED = 20261128L;
  private static final List<String> OPS = List.copyOf(OpRegistry.names());
  private static final int TRIALS = 20 * OPS.size();

  @Test
  void everyRegisteredOpHasAGenerator() {
    assertEquals(OpRegistry.names(), new TreeSet<>(RandomOps.GENERATORS.keySet()));
  }

  @Test
  void everyOutputBoxEqualsTheCroppedWholeOutput() {
    Map<String, Integer> checked = new TreeMap<>();
    for (int trial = 0; trial < TRIALS; trial++) {
      long seed = SEED + trial;
      RandomOps random = new RandomOps(seed);
      int channels = random.between(1, 4);
      String name = OPS.get(trial % OPS.size());
      Extent inputExtent = random.extent(3, 11);
      Op op = RandomOps.GENERATORS.get(name).make(random, channels, inputExtent);
      assertEquals(name, op.name(), "the generator of " + name);
      Extent outputExtent;
      try {
        outputExtent = op.outputExtent(inputExtent);
      } catch (IllegalArgumentException tooSmall) {
        continue;
      }
      List<Volume> inputs = new ArrayList<>();
      int count = op.inputCount() == Op.VARIADIC ? random.between(1, 3) : op.inputCount();
      int[] inChannels = inputChannels(random, op, count, channels);
      for (int i = 0; i < count; i++) {
        inputs.add(random.volume(inputExtent, inChannels[i]));
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
      checked.merge(name, 1, Integer::sum);
    }
    assertEquals(OpRegistry.names(), checked.keySet(), "ops checked at least once: " + checked);
  }

  /**
   * {@code channels} for each input, except that a multi-input op which broadcasts a 1-channel
   * map (mul) sometimes gets one on a random side.
   */
  private static int[] inputChannels(RandomOps random, Op op, int count, int channels) {
    int[] in = new int[count];
    java.util.Arrays.fill(in, channels);
    if (op instanceof Mask) {
      in[1] = 1; // the map, then a 1-channel mask
      return in;
    }
    if (count > 1 && random.between(0, 1) == 0) {
      in[random.between(0, count - 1)] = 1;
      try {
        op.outputChannels(in);
      } catch (IllegalArgumentException notBroadcast) {
        java.util.Arrays.fill(in, channels);
      }
    }
    return in;
  }
}
