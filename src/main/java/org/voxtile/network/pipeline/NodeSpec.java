package org.voxtile.network.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a pipeline file, as written: which op, fed by what, with which arguments.
 *
 * <p>Inputs: when the file gives {@code inputs}, those nodes or pipeline inputs, in order (an op
 * such as {@code add} or {@code concat} takes several). Otherwise the previous node in the file;
 * for the first node, all pipeline inputs, which the network stacks as channels in the order of
 * the pipeline's {@code inputs} ({@link #inputsImplied()} tells the two cases apart).
 *
 * @param name unique among nodes and pipeline inputs; weight tensors are {@code <name>.weight} etc.
 * @param op the op's name, e.g. {@code conv3d}, known to the {@link OpCatalogue}
 * @param inputs names of nodes or pipeline inputs feeding this node, never empty
 * @param inputsImplied true when the file gives no {@code inputs} for this node
 * @param args every other key of the node entry: the op's arguments, under PyTorch's names
 * @param init the {@code init} spec, if any
 */
public record NodeSpec(String name, String op, List<String> inputs, boolean inputsImplied, NodeArgs args,
    Optional<InitSpec> init) {
  public NodeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    inputs = List.copyOf(inputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("node '" + name + "' has no inputs");
    }
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(init, "init");
  }
}
