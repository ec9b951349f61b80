package org.voxtile.zarr;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A chunk's codec: none ({@code "compressor": null}) or numcodecs' {@code zlib} ({@code {"id":
 * "zlib", "level": 1}}), which is the zlib format (RFC 1950) that {@link Deflater} writes and
 * Python's {@code zlib.compress} writes: at the same level the bytes are the same. zstd is not
 * offered: see docs/decisions.md (Zarr outputs).
 *
 * @param id {@code "zlib"}, or null for none
 * @param level the zlib level, 0 to 9 (ignored by decoding)
 */
public record ZarrCompressor(String id, int level) implements Serializable {
  public static final ZarrCompressor NONE = new ZarrCompressor(null, 0);
  /** Level 1: the NIfTI outputs' gzip level; most of zlib's ratio on float maps at a fraction of the time. */
  public static final ZarrCompressor ZLIB = new ZarrCompressor("zlib", Deflater.BEST_SPEED);

  public ZarrCompressor {
    if (id != null && !id.equals("zlib")) {
      throw new IllegalArgumentException("no compressor " + id);
    }
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("zlib level " + level + " outside 0..9");
    }
  }

  /**
   * The compressor of a {@code .zarray}'s {@code compressor} value.
   *
   * @throws IllegalArgumentException describing the value when it is not null or zlib
   */
  static ZarrCompressor parse(Object value) {
    if (value == null) {
      return NONE;
    }
    if (!(value instanceof Map<?, ?> map) || !(map.get("id") instanceof String id)) {
      throw new IllegalArgumentException("must be null or an object with an \"id\"");
    }
    if (!id.equals("zlib")) {
      throw new IllegalArgumentException("\"" + id + "\" is not supported (null or zlib; in Python re-save with"
          + " compressor=numcodecs.Zlib(level=1))");
    }
    Object level = map.containsKey("level") ? map.get("level") : 1;
    if (!(level instanceof Integer l) || l < -1 || l > 9) {
      throw new IllegalArgumentException("zlib \"level\" must be a whole number from -1 to 9, not " + level);
    }
    return new ZarrCompressor("zlib", l < 0 ? 6 : l); // zlib's -1 is its default, 6
  }

  /** The {@code compressor} value of a {@code .zarray}: null or {@code {"id": "zlib", "level": 1}}. */
  Object json() {
    if (id == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("level", level);
    return out;
  }

  byte[] encode(byte[] raw) {
    if (id == null) {
      return raw;
    }
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(raw);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
      byte[] buffer = new byte[64 << 10];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /**
   * The raw chunk of exactly {@code expected} bytes.
   *
   * @throws IllegalArgumentException when the data are corrupt or decode to another size
   */
  byte[] decode(byte[] stored, int expected) {
    if (id == null) {
      if (stored.length != expected) {
        throw new IllegalArgumentException(stored.length + " bytes, expected " + expected);
      }
      return stored;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      byte[] out = new byte[expected];
      int n = 0;
      while (n < expected && !inflater.finished()) {
        int got = inflater.inflate(out, n, expected - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      byte[] probe = new byte[1];
      if (n != expected || !inflater.finished() && inflater.inflate(probe) > 0 || !inflater.finished()) {
        throw new IllegalArgumentException("zlib data decode to " + (n == expected ? "more than " : "")
            + n + " bytes, expected " + expected);
      }
      return out;
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("corrupt zlib data (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }
}
