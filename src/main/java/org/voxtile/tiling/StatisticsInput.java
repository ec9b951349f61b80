package org.voxtile.tiling;

import java.util.List;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.ops.Concat;
import org.voxtile.ops.GlobalOp;
import org.voxtile.ops.Op;
import org.voxtile.volume.Volume;

/**
 * The last node of a statistics stage, named like its global node: the global node's inputs
 * stacked as channels ({@link Concat}), so that a stage's reference map is exactly the grid the
 * statistics run over and a tile's box partitions it. It carries the global op, whose
 * {@link GlobalOp#reduce} the stage calls on the stacked inputs, split again.
 */
final class StatisticsInput implements Op {
  private static final long serialVersionUID = 1L;

  private final GlobalOp global;
  private final Concat stack = new Concat();

  StatisticsInput(GlobalOp global) {
    this.global = global;
  }

  GlobalOp global() {
    return global;
  }

  @Override
  public String name() {
    return global.name() + " statistics input";
  }

  @Override
  public int inputCount() {
    return global.inputCount();
  }

  @Override
  public int outputChannels(int... inputChannels) {
    global.outputChannels(inputChannels); // the global op's own channel checks
    return stack.outputChannels(inputChannels);
  }

  @Override
  public Extent outputExtent(Extent input) {
    return input;
  }

  @Override
  public Box requiredInput(Box output) {
    return output;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    return stack.compute(inputs, output, inputExtent);
  }

  @Override
  public String toString() {
    return name();
  }
}
