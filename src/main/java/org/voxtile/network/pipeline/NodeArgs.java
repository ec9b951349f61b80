package org.voxtile.network.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node's op arguments as written in the pipeline file, under PyTorch's names
 * ({@code out_channels}, {@code kernel_size}, {@code stride}, ...), with what is needed to read
 * them back and report errors: the file, the node, the declared {@link Axes}, and a key prefix
 * ({@code "init."} for an init spec's parameters). Immutable; read it through a fresh
 * {@link #reader()}, which also finds keys no one read.
 *
 * @param source the pipeline file and the line of the node's entry, as named in messages, e.g.
 *     {@code conf/edge.yaml:7}
 * @param node the node's name
 * @param axes the order of tuples in the file
 * @param prefix prepended to keys in messages, e.g. {@code "init."}; usually empty
 * @param values the raw YAML values (Integer, Long, Double, Boolean, String, List, Map), in file order
 */
public record NodeArgs(String source, String node, Axes axes, String prefix, Map<String, Object> values) {
  public NodeArgs {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(axes, "axes");
    Objects.requireNonNull(prefix, "prefix");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** True when the file gives {@code key}. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /**
   * A reader that tracks which keys were read; {@link ArgReader#finish(String)} then reports the
   * rest as unknown.
   *
   * <pre>{@code
   * ArgReader args = node.args().reader();
   * int outChannels = args.positiveInteger("out_channels");
   * Triple kernel = args.intTriple("kernel_size", 1);
   * Triple stride = args.intTriple("stride", 1, Triple.of(1));
   * args.finish("conv3d"); // "node 'c1': unknown key 'kernal_size' for op conv3d (did you mean kernel_size?)"
   * }</pre>
   */
  public ArgReader reader() {
    return new ArgReader(this);
  }

  /** A {@link PipelineException} for {@code key} of this node: {@code "<file>: node 'n': <prefix><key> <detail>"}. */
  public PipelineException error(String key, String detail) {
    return PipelineException.atNode(source, node, prefix + key + " " + detail);
  }
}
