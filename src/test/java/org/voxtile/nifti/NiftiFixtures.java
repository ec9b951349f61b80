package org.voxtile.nifti;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nibabel-made read fixtures of {@code golden/nifti/read/manifest.txt} (written by
 * {@code src/test/python/make_nifti_fixtures.py}; the format is described there).
 */
final class NiftiFixtures {
  static final Path DIR = Path.of("src/test/resources/golden/nifti/read");

  private NiftiFixtures() {}

  /** One manifest block: key to the words after it. */
  record Fixture(Map<String, String[]> fields) {
    String name() {
      return fields.get("name")[0];
    }

    Path file() {
      return DIR.resolve(fields.get("file")[0]);
    }

    String[] get(String key) {
      return fields.get(key);
    }

    long[] shape() {
      String[] s = get("shape");
      long[] out = new long[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = Long.parseLong(s[i]);
      }
      return out;
    }

    double[] affine() {
      String[] s = get("affine");
      double[] out = new double[16];
      for (int i = 0; i < 16; i++) {
        out[i] = Double.parseDouble(s[i]);
      }
      return out;
    }

    /** Expected float32 values, x fastest, channel-major. */
    float[] values() {
      String[] s = get("values");
      float[] out = new float[s.length];
      for (int i = 0; i < s.length; i++) {
        out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(s[i], 16));
      }
      return out;
    }

    @Override
    public String toString() {
      return name();
    }
  }

  static List<Fixture> all() {
    try {
      List<Fixture> out = new ArrayList<>();
      Map<String, String[]> current = new LinkedHashMap<>();
      for (String line : Files.readAllLines(DIR.resolve("manifest.txt"))) {
        if (line.isBlank()) {
          if (!current.isEmpty()) {
            out.add(new Fixture(current));
          }
          current = new LinkedHashMap<>();
          continue;
        }
        String[] words = line.trim().split(" ");
        current.put(words[0], java.util.Arrays.copyOfRange(words, 1, words.length));
      }
      if (!current.isEmpty()) {
        out.add(new Fixture(current));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Fixture named(String name) {
    return all().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }
}
