package org.voxtile.network.onnx;

import java.util.Objects;
import org.voxtile.geometry.Extent;

/**
 * The spatial extent an ONNX model was exported for, on the axes it fixes: torch.onnx.export
 * without {@code dynamic_axes} writes the example input's shape into the model, and such a model
 * is run on that shape only.
 *
 * @param source the ONNX file
 * @param input the graph input's name
 * @param xyz the fixed extent per axis (x, y, z), -1 on a dynamic axis
 */
public record InputShape(String source, String input, long[] xyz) {
  public InputShape {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(input, "input");
    xyz = xyz.clone();
  }

  /** True when at least one axis is fixed. */
  public boolean isFixed() {
    return xyz[0] >= 0 || xyz[1] >= 0 || xyz[2] >= 0;
  }

  /**
   * @throws OnnxException when {@code extent} differs on a fixed axis, saying how to export for other shapes
   */
  public void check(Extent extent) {
    long[] given = {extent.x(), extent.y(), extent.z()};
    for (int a = 0; a < 3; a++) {
      if (xyz[a] >= 0 && xyz[a] != given[a]) {
        throw new OnnxException(source + ": the model was exported with the fixed input shape " + show() + " (input '"
            + input + "'), so it runs on that shape only, but the input is " + extent.x() + "x" + extent.y() + "x"
            + extent.z() + "; export with dynamic_axes={'" + input + "': {2: 'x', 3: 'y', 4: 'z'}} to run it on"
            + " any shape");
      }
    }
  }

  /** e.g. {@code 8x8x8}, with {@code ?} on dynamic axes. */
  public String show() {
    StringBuilder s = new StringBuilder();
    for (int a = 0; a < 3; a++) {
      s.append(a == 0 ? "" : "x").append(xyz[a] >= 0 ? String.valueOf(xyz[a]) : "?");
    }
    return s.toString();
  }
}
