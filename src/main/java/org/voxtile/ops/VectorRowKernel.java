package org.voxtile.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inner loops of the fast convolutions, the only class that uses the Java Vector API
 * ({@code jdk.incubator.vector}); nothing else refers to it unless {@link VectorSupport} says the
 * module is present.
 *
 * <p>Each kernel computes {@code width} output voxels of a row (a multiple of its step: two
 * vectors for the 8- and 4-channel kernels, four for the 1-channel one), lane j of a step being
 * output voxel x + j: the accumulator starts at the bias and, for taps t = 0, 1, ... in order,
 * becomes {@code fma(input[inputBase + tapOffset[t] + x], weight, accumulator)}. That is the
 * scalar reference's order per voxel (each lane is one voxel; vectorising across voxels never
 * reorders a voxel's own sum), so the bits are the same. FloatVector.fma rounds once, like
 * {@code Math.fma} in the reference; a separate multiply and add would round twice and differ in
 * the last bits. Lanes past the real row end compute garbage the caller discards.
 *
 * <p>The kernels repeat one statement per accumulator on purpose: each accumulator must be a
 * local of its own for C2 to keep it in a vector register across the tap loop. An array of
 * vectors, or a helper method the JIT might not inline, makes the Vector API box the vectors on
 * the heap, which costs far more than the loop itself. Channel blocks of 8 and 4 differ only in
 * how many channels share each input load; {@link #channelBlock} picks the kernel.
 */
final class VectorRowKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Row widths are padded to a multiple of this: four vectors, every kernel's step divides it. */
  static final int CHUNK = 4 * LANES;

  private VectorRowKernel() {}

  /**
   * The kernel for a block of {@code size} output channels ({@link ChannelBlocks}: 8, 4 or 1)
   * starting at channel {@code biasBase}; arguments as {@link #eightChannels}.
   */
  static void channelBlock(int size, float[] input, int inputBase, int[] tapOffset, int taps,
      float[] weight, int weightBase, float[] bias, int biasBase, int width, float[] out) {
    if (size == 8) {
      eightChannels(input, inputBase, tapOffset, taps, weight, weightBase, bias, biasBase, width,
          out);
    } else if (size == 4) {
      fourChannels(input, inputBase, tapOffset, taps, weight, weightBase, bias, biasBase, width,
          out);
    } else {
      oneChannel(input, inputBase, tapOffset, taps, weight, weightBase, bias[biasBase], width, out);
    }
  }

  /**
   * Four output channels at once (4 x 2 vector accumulators): weights packed as
   * {@code weight[weightBase + 4 * t + j]} for channel j of the block at tap t; results go to
   * {@code out[j * width + x]}.
   */
  static void fourChannels(float[] input, int inputBase, int[] tapOffset, int taps, float[] weight,
      int weightBase, float[] bias, int biasBase, int width, float[] out) {
    FloatVector b0 = FloatVector.broadcast(SPECIES, bias[biasBase]);
    FloatVector b1 = FloatVector.broadcast(SPECIES, bias[biasBase + 1]);
    FloatVector b2 = FloatVector.broadcast(SPECIES, bias[biasBase + 2]);
    FloatVector b3 = FloatVector.broadcast(SPECIES, bias[biasBase + 3]);
    for (int x = 0; x < width; x += 2 * LANES) {
      FloatVector a00 = b0;
      FloatVector a01 = b0;
      FloatVector a10 = b1;
      FloatVector a11 = b1;
      FloatVector a20 = b2;
      FloatVector a21 = b2;
      FloatVector a30 = b3;
      FloatVector a31 = b3;
      int w = weightBase;
      for (int t = 0; t < taps; t++, w += 4) {
        int at = inputBase + tapOffset[t] + x;
        FloatVector v0 = FloatVector.fromArray(SPECIES, input, at);
        FloatVector v1 = FloatVector.fromArray(SPECIES, input, at + LANES);
        FloatVector w0 = FloatVector.broadcast(SPECIES, weight[w]);
        a00 = v0.fma(w0, a00);
        a01 = v1.fma(w0, a01);
        FloatVector w1 = FloatVector.broadcast(SPECIES, weight[w + 1]);
        a10 = v0.fma(w1, a10);
        a11 = v1.fma(w1, a11);
        FloatVector w2 = FloatVector.broadcast(SPECIES, weight[w + 2]);
        a20 = v0.fma(w2, a20);
        a21 = v1.fma(w2, a21);
        FloatVector w3 = FloatVector.broadcast(SPECIES, weight[w + 3]);
        a30 = v0.fma(w3, a30);
        a31 = v1.fma(w3, a31);
      }
      a00.intoArray(out, x);
      a01.intoArray(out, x + LANES);
      a10.intoArray(out, width + x);
      a11.intoArray(out, width + x + LANES);
      a20.intoArray(out, 2 * width + x);
      a21.intoArray(out, 2 * width + x + LANES);
      a30.intoArray(out, 3 * width + x);
      a31.intoArray(out, 3 * width + x + LANES);
    }
  }

  /**
   * Eight output channels at once (8 x 2 vector accumulators): weights packed as
   * {@code weight[weightBase + 8 * t + j]}; results go to {@code out[j * width + x]}.
   */
  static void eightChannels(float[] input, int inputBase, int[] tapOffset, int taps,
      float[] weight, int weightBase, float[] bias, int biasBase, int width, float[] out) {
    for (int x = 0; x < width; x += 2 * LANES) {
      FloatVector a00 = FloatVector.broadcast(SPECIES, bias[biasBase]);
      FloatVector a01 = a00;
      FloatVector a10 = FloatVector.broadcast(SPECIES, bias[biasBase + 1]);
      FloatVector a11 = a10;
      FloatVector a20 = FloatVector.broadcast(SPECIES, bias[biasBase + 2]);
      FloatVector a21 = a20;
      FloatVector a30 = FloatVector.broadcast(SPECIES, bias[biasBase + 3]);
      FloatVector a31 = a30;
      FloatVector a40 = FloatVector.broadcast(SPECIES, bias[biasBase + 4]);
      FloatVector a41 = a40;
      FloatVector a50 = FloatVector.broadcast(SPECIES, bias[biasBase + 5]);
      FloatVector a51 = a50;
      FloatVector a60 = FloatVector.broadcast(SPECIES, bias[biasBase + 6]);
      FloatVector a61 = a60;
      FloatVector a70 = FloatVector.broadcast(SPECIES, bias[biasBase + 7]);
      FloatVector a71 = a70;
      int w = weightBase;
      for (int t = 0; t < taps; t++, w += 8) {
        int at = inputBase + tapOffset[t] + x;
        FloatVector v0 = FloatVector.fromArray(SPECIES, input, at);
        FloatVector v1 = FloatVector.fromArray(SPECIES, input, at + LANES);
        FloatVector k = FloatVector.broadcast(SPECIES, weight[w]);
        a00 = v0.fma(k, a00);
        a01 = v1.fma(k, a01);
        k = FloatVector.broadcast(SPECIES, weight[w + 1]);
        a10 = v0.fma(k, a10);
        a11 = v1.fma(k, a11);
        k = FloatVector.broadcast(SPECIES, weight[w + 2]);
        a20 = v0.fma(k, a20);
        a21 = v1.fma(k, a21);
        k = FloatVector.broadcast(SPECIES, weight[w + 3]);
        a30 = v0.fma(k, a30);
        a31 = v1.fma(k, a31);
        k = FloatVector.broadcast(SPECIES, weight[w + 4]);
        a40 = v0.fma(k, a40);
        a41 = v1.fma(k, a41);
        k = FloatVector.broadcast(SPECIES, weight[w + 5]);
        a50 = v0.fma(k, a50);
        a51 = v1.fma(k, a51);
        k = FloatVector.broadcast(SPECIES, weight[w + 6]);
        a60 = v0.fma(k, a60);
        a61 = v1.fma(k, a61);
        k = FloatVector.broadcast(SPECIES, weight[w + 7]);
        a70 = v0.fma(k, a70);
        a71 = v1.fma(k, a71);
      }
      a00.intoArray(out, x);
      a01.intoArray(out, x + LANES);
      a10.intoArray(out, width + x);
      a11.intoArray(out, width + x + LANES);
      a20.intoArray(out, 2 * width + x);
      a21.intoArray(out, 2 * width + x + LANES);
      a30.intoArray(out, 3 * width + x);
      a31.intoArray(out, 3 * width + x + LANES);
      a40.intoArray(out, 4 * width + x);
      a41.intoArray(out, 4 * width + x + LANES);
      a50.intoArray(out, 5 * width + x);
      a51.intoArray(out, 5 * width + x + LANES);
      a60.intoArray(out, 6 * width + x);
      a61.intoArray(out, 6 * width + x + LANES);
      a70.intoArray(out, 7 * width + x);
      a71.intoArray(out, 7 * width + x + LANES);
    }
  }

  /** One output channel (4 vector accumulators along x): weights {@code weight[weightBase + t]}. */
  static void oneChannel(float[] input, int inputBase, int[] tapOffset, int taps, float[] weight, int weightBase,
      float bias, int width, float[] out) {
    FloatVector b = FloatVector.broadcast(SPECIES, bias);
    for (int x = 0; x < width; x += 4 * LANES) {
      FloatVector a0 = b;
      FloatVector a1 = b;
      FloatVector a2 = b;
      FloatVector a3 = b;
      for (int t = 0; t < taps; t++) {
        int at = inputBase + tapOffset[t] + x;
        FloatVector w = FloatVector.broadcast(SPECIES, weight[weightBase + t]);
        a0 = FloatVector.fromArray(SPECIES, input, at).fma(w, a0);
        a1 = FloatVector.fromArray(SPECIES, input, at + LANES).fma(w, a1);
        a2 = FloatVector.fromArray(SPECIES, input, at + 2 * LANES).fma(w, a2);
        a3 = FloatVector.fromArray(SPECIES, input, at + 3 * LANES).fma(w, a3);
      }
      a0.intoArray(out, x);
      a1.intoArray(out, x + LANES);
      a2.intoArray(out, x + 2 * LANES);
      a3.intoArray(out, x + 3 * LANES);
    }
  }
}
