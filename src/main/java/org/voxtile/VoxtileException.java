package org.voxtile;

/**
 * Root of voxtile's one unchecked exception family. Every subclass names what the user must fix:
 * a file ({@code InvalidNiftiException}), a pipeline node ({@code PipelineException}) or a weight
 * tensor ({@code WeightsException}). The command line prints {@link #getMessage()} and exits
 * non-zero, so the message must stand on its own.
 */
public class VoxtileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VoxtileException(String message) {
    super(message);
  }

  public VoxtileException(String message, Throwable cause) {
    super(message, cause);
  }
}
