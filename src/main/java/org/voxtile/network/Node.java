package org.voxtile.network;

import static org.voxtile.Checks.checkArgument;

import java.util.List;
import org.voxtile.ops.Op;

/**
 * One node of a {@link Network}: an op bound to its weights, with the names of the nodes (or
 * {@link Network#SOURCE}, the stacked pipeline inputs) it reads, in the op's input order.
 */
public record Node(String name, Op op, List<String> inputs) implements java.io.Serializable {
  public Node {
    checkArgument(name != null && !name.isBlank(), "node name must not be blank");
    checkArgument(op != null, "node '%s' has no op", name);
    checkArgument(inputs != null && !inputs.isEmpty(), "node '%s' reads no input", name);
    checkArgument(op.inputCount() == Op.VARIADIC || op.inputCount() == inputs.size(),
        "node '%s': %s takes %s input(s), got %s", name, op.name(), op.inputCount(), inputs.size());
    inputs = List.copyOf(inputs);
  }
}
