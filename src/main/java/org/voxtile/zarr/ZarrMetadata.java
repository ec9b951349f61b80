package org.voxtile.zarr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voxtile.Json;

/**
 * A Zarr v2 array's {@code .zarray}: shape and chunk shape (slowest axis first, C order), dtype,
 * compressor, fill value and chunk key separator. Filters are never used. Immutable.
 *
 * <p>voxtile writes {@code dimension_separator "/"} (nested chunk directories, as OME-NGFF 0.4
 * requires) and reads both {@code "/"} and zarr's default {@code "."}.
 */
public final class ZarrMetadata implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Largest chunk accepted, decoded: a task holds a few of them. */
  static final long MAX_CHUNK_BYTES = 1L << 30;

  private final long[] shape;
  private final int[] chunks;
  private final ZarrDtype dtype;
  private final ZarrCompressor compressor;
  private final double fillValue;
  private final String separator;

  /**
   * @throws IllegalArgumentException when shape and chunks differ in length or are not positive,
   *     or a chunk is larger than {@value #MAX_CHUNK_BYTES} bytes
   */
  public ZarrMetadata(long[] shape, int[] chunks, ZarrDtype dtype, ZarrCompressor compressor, double fillValue,
      String separator) {
    if (shape.length != chunks.length || shape.length == 0) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunks " + Arrays.toString(chunks)
          + " must have the same, non-zero number of axes");
    }
    long voxels = 1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] < 0 || chunks[d] < 1) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " must be >= 0 and chunks "
            + Arrays.toString(chunks) + " >= 1");
      }
      voxels *= chunks[d];
      if (voxels * dtype.bytes() > MAX_CHUNK_BYTES) {
        throw new IllegalArgumentException("chunks " + Arrays.toString(chunks) + " of " + dtype.label()
            + " exceed " + (MAX_CHUNK_BYTES >> 20) + " MiB per chunk");
      }
    }
    if (!separator.equals("/") && !separator.equals(".")) {
      throw new IllegalArgumentException("dimension_separator must be \"/\" or \".\", not \"" + separator + "\"");
    }
    this.shape = shape.clone();
    this.chunks = chunks.clone();
    this.dtype = dtype;
    this.compressor = compressor;
    this.fillValue = fillValue;
    this.separator = separator;
  }

  /**
   * The metadata of a {@code .zarray} text.
   *
   * @param array how messages name the array
   * @throws InvalidZarrException naming the key at fault
   */
  static ZarrMetadata parse(Object json, String array) {
    if (!(json instanceof Map<?, ?> map)) {
      throw new InvalidZarrException(array, ".zarray is not a JSON object");
    }
    require(map, "zarr_format", array);
    if (!Integer.valueOf(2).equals(map.get("zarr_format"))) {
      throw bad(array, "zarr_format", map, "only Zarr v2 (2) is supported");
    }
    if (!"C".equals(map.get("order"))) {
      throw bad(array, "order", map, "only C order is supported (in Python: zarr.array(data, order=\"C\"))");
    }
    Object filters = map.get("filters");
    if (filters != null && !(filters instanceof List<?> l && l.isEmpty())) {
      throw bad(array, "filters", map, "filters are not supported (must be null)");
    }
    long[] shape = longs(map, "shape", array);
    long[] chunkShape = longs(map, "chunks", array);
    int[] chunks = new int[chunkShape.length];
    for (int d = 0; d < chunks.length; d++) {
      chunks[d] = (int) Math.min(Integer.MAX_VALUE, chunkShape[d]);
    }
    if (shape.length < 3 || shape.length > 4) {
      throw bad(array, "shape", map, "a volume has 3 axes (z, y, x) or 4 (c, z, y, x)");
    }
    ZarrDtype dtype;
    ZarrCompressor compressor;
    try {
      dtype = ZarrDtype.parse(String.valueOf(require(map, "dtype", array)));
    } catch (IllegalArgumentException e) {
      throw new InvalidZarrException(array, ".zarray key 'dtype': " + e.getMessage());
    }
    try {
      compressor = ZarrCompressor.parse(map.get("compressor"));
    } catch (IllegalArgumentException e) {
      throw new InvalidZarrException(array, ".zarray key 'compressor' " + Json.line(map.get("compressor")) + ": "
          + e.getMessage());
    }
    double fill = fill(map.get("fill_value"), array);
    Object separator = map.containsKey("dimension_separator") ? map.get("dimension_separator") : ".";
    try {
      return new ZarrMetadata(shape, chunks, dtype, compressor, fill, String.valueOf(separator));
    } catch (IllegalArgumentException e) {
      throw new InvalidZarrException(array, ".zarray: " + e.getMessage());
    }
  }

  private static Object require(Map<?, ?> map, String key, String array) {
    if (!map.containsKey(key)) {
      throw new InvalidZarrException(array, ".zarray has no key '" + key + "'");
    }
    return map.get(key);
  }

  private static InvalidZarrException bad(String array, String key, Map<?, ?> map, String why) {
    return new InvalidZarrException(array, ".zarray key '" + key + "' is " + Json.line(map.get(key)) + ": " + why);
  }

  private static long[] longs(Map<?, ?> map, String key, String array) {
    if (!(require(map, key, array) instanceof List<?> list)) {
      throw bad(array, key, map, "must be a list of whole numbers");
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Integer || list.get(i) instanceof Long)) {
        throw bad(array, key, map, "must be a list of whole numbers");
      }
      out[i] = ((Number) list.get(i)).longValue();
    }
    return out;
  }

  /** Zarr v2's fill values: a number, "NaN", "Infinity", "-Infinity", or null (read as 0). */
  private static double fill(Object value, String array) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return switch (String.valueOf(value)) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw new InvalidZarrException(array, ".zarray key 'fill_value' is " + Json.line(value)
          + ": must be a number, \"NaN\", \"Infinity\", \"-Infinity\" or null");
    };
  }

  /** The {@code .zarray} text. */
  String json() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chunks", Arrays.stream(chunks).boxed().toList());
    out.put("compressor", compressor.json());
    out.put("dimension_separator", separator);
    out.put("dtype", dtype.label());
    out.put("fill_value", Double.isNaN(fillValue) ? "NaN" : Double.isInfinite(fillValue)
        ? (fillValue > 0 ? "Infinity" : "-Infinity") : Json.number(fillValue));
    out.put("filters", null);
    out.put("order", "C");
    out.put("shape", Arrays.stream(shape).boxed().toList());
    out.put("zarr_format", 2);
    return Json.indented(out);
  }

  public long[] shape() {
    return shape.clone();
  }

  public int[] chunks() {
    return chunks.clone();
  }

  public int axes() {
    return shape.length;
  }

  public ZarrDtype dtype() {
    return dtype;
  }

  public ZarrCompressor compressor() {
    return compressor;
  }

  public double fillValue() {
    return fillValue;
  }

  public String separator() {
    return separator;
  }

  /** Values in one chunk (edge chunks are stored whole too, padded with the fill value). */
  public int chunkValues() {
    long n = 1;
    for (int c : chunks) {
      n *= c;
    }
    return (int) n;
  }

  /** Chunks along axis {@code d}. */
  public long chunkCount(int d) {
    return (shape[d] + chunks[d] - 1) / chunks[d];
  }

  /** The key of a chunk, relative to the array's directory: {@code "0/3/1/2"} with separator "/". */
  public String key(long[] index) {
    List<String> parts = new ArrayList<>(index.length);
    for (long i : index) {
      parts.add(Long.toString(i));
    }
    return String.join(separator, parts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZarrMetadata m && Arrays.equals(shape, m.shape) && Arrays.equals(chunks, m.chunks)
        && dtype.equals(m.dtype) && compressor.equals(m.compressor)
        && Double.compare(fillValue, m.fillValue) == 0 && separator.equals(m.separator);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(chunks);
  }

  @Override
  public String toString() {
    return json();
  }
}
