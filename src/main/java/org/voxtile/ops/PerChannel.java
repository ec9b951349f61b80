package org.voxtile.ops;

/**
 * An op with one input that works on each channel on its own, so its output has the input's
 * channels: the pools, the activations, pad and crop. Their arity and channel rule, stated here
 * once.
 */
interface PerChannel extends Op {
  /** One input. */
  @Override
  default int inputCount() {
    return 1;
  }

  /**
   * The input's channels.
   *
   * @throws IllegalArgumentException when there is not exactly one input
   */
  @Override
  default int outputChannels(int... inputChannels) {
    return Inputs.sameChannels(this, inputChannels);
  }
}
