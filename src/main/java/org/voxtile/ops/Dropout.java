package org.voxtile.ops;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import java.util.Set;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/**
 * {@code dropout}, {@code dropout3d} and {@code alpha_dropout} at inference: the identity, as
 * PyTorch computes them in eval mode. They exist so that a trained model's layers map one to one
 * onto pipeline nodes; in place they cost nothing, the tile runner handing the input map on.
 */
public final class Dropout implements Voxelwise, PerChannel, InPlace {
  private static final long serialVersionUID = 1L;
  /** The names PyTorch gives the dropout layers voxtile accepts. */
  public static final Set<String> NAMES = Set.of("dropout", "dropout3d", "alpha_dropout");

  private final String name;
  private final double p;

  /**
   * @param name one of {@link #NAMES}, the name describe and messages show
   * @param p the training-time drop probability, in [0, 1]; kept for descriptions only
   */
  public Dropout(String name, double p) {
    checkArgument(NAMES.contains(name), "dropout: unknown kind %s", name);
    checkArgument(p >= 0 && p <= 1, "%s: p must be in [0, 1], got %s", name, p);
    this.name = name;
    this.p = p;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Volume compute(List<Volume> inputs, Box output, Extent inputExtent) {
    Inputs.checkCover(this, inputs, output, inputExtent);
    return Inputs.croppedCopy(inputs.get(0), output);
  }

  /** Leaves every value as it is: the identity. */
  @Override
  public void computeInPlace(Volume map) {
    // nothing to do: at inference every dropout layer passes its input through
  }

  @Override
  public String toString() {
    return name + "(p=" + p + ", identity at inference)";
  }
}
