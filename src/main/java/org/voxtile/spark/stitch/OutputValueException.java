package org.voxtile.spark.stitch;

import org.voxtile.VoxtileException;
import org.voxtile.network.pipeline.OutputDatatype;
import org.voxtile.volume.Volume;

/**
 * An output declared with an integer datatype holds a value that type cannot store exactly (NaN,
 * a fraction, out of range). Writing it would round or clip silently, and a label map whose labels
 * changed is worse than no file: the stitch stops, so the run fails before anything looks finished.
 * The message names the node, the value and one voxel; {@link #inScan} adds the scan.
 */
public final class OutputValueException extends VoxtileException {
  private static final long serialVersionUID = 1L;

  private OutputValueException(String message) {
    super(message);
  }

  /**
   * @throws OutputValueException at the first voxel of {@code piece} (in channel, then x fastest
   *     order) that {@code datatype} cannot hold
   */
  public static void check(Volume piece, String node, OutputDatatype datatype) {
    if (!datatype.isInteger()) {
      return;
    }
    float[] data = piece.data();
    for (int i = 0; i < data.length; i++) {
      if (!datatype.holdsExactly(data[i])) {
        throw at(piece, i, node, datatype);
      }
    }
  }

  private static OutputValueException at(Volume piece, int index, String node, OutputDatatype datatype) {
    int perChannel = piece.voxelsPerChannel();
    int channel = index / perChannel;
    int within = index % perChannel;
    long nx = piece.box().extent().x();
    long ny = piece.box().extent().y();
    long x = piece.box().min(0) + within % nx;
    long y = piece.box().min(1) + within / nx % ny;
    long z = piece.box().min(2) + within / (nx * ny);
    float value = piece.data()[index];
    String where = "(" + x + ", " + y + ", " + z + ")" + (piece.channels() > 1 ? " of channel " + channel : "");
    return new OutputValueException("output '" + node + "' is written as " + datatype.label() + ", which holds "
        + datatype.range() + ", but voxel " + where + " is " + value + ": round, clamp or argmax it in the pipeline,"
        + " or write it as float32; nothing was written");
  }

  /** This error, naming the scan first as the run's other errors do. */
  public VoxtileException inScan(String scanId) {
    return new VoxtileException("scan '" + scanId + "': " + getMessage());
  }
}
