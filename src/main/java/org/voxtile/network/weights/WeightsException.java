package org.voxtile.network.weights;

import org.voxtile.VoxtileException;

/**
 * Weights the driver cannot use: a malformed or unsupported {@code .safetensors} file, a tensor
 * missing, unused or of the wrong shape. The message names the file and the tensor, e.g.
 * {@code "weights.safetensors: tensor 'c1.weight': non-float tensor of dtype I64"}.
 */
public class WeightsException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  public WeightsException(String message) {
    super(message);
  }

  public WeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
