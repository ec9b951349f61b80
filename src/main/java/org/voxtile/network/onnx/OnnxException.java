package org.voxtile.network.onnx;

import org.voxtile.network.pipeline.PipelineException;

/**
 * An ONNX model voxtile cannot import: not a model, malformed, or using what voxtile cannot run.
 * One line naming the file first, then the ONNX node, its op type and the opset, e.g.
 * {@code "unet.onnx: ONNX node '/up/Resize' (Resize, opset 13): mode cubic is not supported; ..."}.
 * A {@link PipelineException}, since the model stands where a pipeline file would.
 */
public class OnnxException extends PipelineException {
  private static final long serialVersionUID = 1L;

  public OnnxException(String message) {
    super(message);
  }

  public OnnxException(String message, Throwable cause) {
    super(message, cause);
  }
}
