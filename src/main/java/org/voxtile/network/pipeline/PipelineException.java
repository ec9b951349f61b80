package org.voxtile.network.pipeline;

import org.voxtile.VoxtileException;

/**
 * A pipeline file the driver cannot run: malformed YAML/JSON, an unknown key or op, a bad argument,
 * a dangling or cyclic input. The message names the file first, then the node and key, e.g.
 * {@code "conf/edge.yaml: node 'c2': kernel_size must be a positive integer or a list of 3, got [3, 3]"},
 * so it stands alone on the command line.
 */
public class PipelineException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  public PipelineException(String message) {
    super(message);
  }

  public PipelineException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code "<source>: node '<node>': <detail>"}. */
  public static PipelineException atNode(String source, String node, String detail) {
    return new PipelineException(source + ": node '" + node + "': " + detail);
  }

  /** {@code "<source>: <detail>"}, for errors outside any node (top-level keys, outputs, features). */
  public static PipelineException atFile(String source, String detail) {
    return new PipelineException(source + ": " + detail);
  }
}
