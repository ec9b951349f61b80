package org.voxtile.tiling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading golden/sliding (make_sliding_window_fixtures.py): its float files and manifest numbers. */
public final class SlidingGolden {
  public static final Path DIR = Path.of("src/test/resources/golden/sliding");

  private SlidingGolden() {}

  /** {@code "23,17,11"} as numbers. */
  public static long[] numbers(String csv) {
    return java.util.Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  /** A float32 little-endian file. */
  public static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(v);
    return v;
  }
}
