package org.voxtile.tiling;

import java.util.List;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.GlobalOp;
import org.voxtile.volume.Volume;

/**
 * A global op in a stage's network before its statistics are known: the same shape, channels
 * and (identity) region map, so that a stage can be planned before the earlier stages have run;
 * {@link Stage#network} replaces it with the bound op. Computing it is an error.
 */
final class StandIn implements org.voxtile.ops.Op {
  private static final long serialVersionUID = 1L;

  private final GlobalOp global;

  StandIn(GlobalOp global) {
    this.global = global;
  }

  GlobalOp global() {
    return global;
  }

  @Override
  public String name() {
    return global.name();
  }

  @Override
  public int inputCount() {
    return global.inputCount();
  }

  @Override
  public int outputChannels(int... inputChannels) {
    return global.outputChannels(inputChannels);
  }

  @Override
  public Extent outputExtent(Extent input) {
    return global.outputExtent(input);
  }

  @Override
  public Box requiredInput(Box output) {
    return global.requiredInput(output);
  }

  @Override
  public long macs(Extent output, int... inputChannels) {
    return global.macs(output, inputChannels);
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    throw new VoxtileException(global.name() + " is not bound yet: its stage's statistics must be merged first");
  }

  @Override
  public String toString() {
    return global + " (unbound)";
  }
}
