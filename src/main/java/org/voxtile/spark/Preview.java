package org.voxtile.spark;

import java.nio.file.Path;
import java.util.List;

/** preview.png: orthogonal mid slices of each input channel and each output. */
final class Preview {
  private Preview() {}

  static Path write(PreparedScan scan, List<Path> outputs, Path work) {
    throw new UnsupportedOperationException("--preview is not implemented yet");
  }
}
