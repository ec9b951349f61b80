package org.voxtile.network.weights;

import static org.voxtile.Checks.checkArgument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON header of a {@code .safetensors} file: one {@link Entry} per tensor plus the
 * {@code __metadata__} strings. Knows the layout rules; {@link Safetensors} does the I/O.
 */
final class SafetensorsHeader {
  /** One tensor's header entry; {@code [begin, end)} is relative to the start of the data buffer. */
  record Entry(String name, String dtype, long[] shape, long begin, long end) {
    long byteLength() {
      return end - begin;
    }

    /** {@code product(shape)}, already checked by {@link #checkLayout} to fit an int. */
    int count() {
      long count = 1;
      for (long extent : shape) {
        count *= extent;
      }
      return (int) count;
    }

    Dtype floatDtype(String source) {
      Dtype dtype = Dtype.fromLabel(this.dtype);
      if (dtype == null) {
        throw Safetensors.error(source, name, (Dtype.OTHER_WIDTHS.containsKey(this.dtype)
            ? "non-float tensor of dtype " : "unsupported dtype ") + this.dtype
            + "; voxtile reads F32, F16, BF16 and F64");
      }
      return dtype;
    }
  }

  private final String source;
  private final Map<String, String> metadata;
  private final List<Entry> entries;

  private SafetensorsHeader(String source, Map<String, String> metadata, List<Entry> entries) {
    this.source = source;
    this.metadata = metadata;
    this.entries = entries;
  }

  Map<String, String> metadata() {
    return metadata;
  }

  /** The entries in offset order. */
  List<Entry> entries() {
    return entries;
  }

  /** Parses the header text: types only, no layout rule yet. */
  static SafetensorsHeader parse(String text, String source) {
    if (!text.startsWith("{")) {
      throw Safetensors.error(source, "header does not start with '{'");
    }
    if (!(Safetensors.parseJson(text, source) instanceof Map<?, ?> root)) {
      throw Safetensors.error(source, "header is not a JSON object");
    }
    Map<String, String> metadata = new TreeMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> field : root.entrySet()) {
      String name = String.valueOf(field.getKey());
      if (name.equals(Safetensors.METADATA_KEY)) {
        readMetadata(field.getValue(), metadata, source);
      } else {
        entries.add(readEntry(name, field.getValue(), source));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    return new SafetensorsHeader(source, metadata, entries);
  }

  /**
   * Checks the reference layout rules against a data buffer of {@code bufferLength} bytes: each
   * tensor's bytes inside the buffer and exactly {@code product(shape) * dtype size} long, the
   * tensors contiguous from offset 0 with neither overlap nor gap, the buffer fully used.
   */
  void checkLayout(long bufferLength) {
    long next = 0;
    String previous = null;
    for (Entry entry : entries) {
      String offsets = "data_offsets [" + entry.begin() + ", " + entry.end() + "]";
      if (entry.end() < entry.begin()) {
        throw Safetensors.error(source, entry.name(), offsets + " end before they begin");
      }
      if (entry.end() > bufferLength) {
        throw Safetensors.error(source, entry.name(), offsets + " run past the end of the "
            + bufferLength + "-byte data buffer");
      }
      long needed = byteLength(entry);
      if (needed != entry.byteLength()) {
        throw Safetensors.error(source, entry.name(), offsets + " hold " + entry.byteLength()
            + " bytes but shape " + Arrays.toString(entry.shape()) + " of " + entry.dtype()
            + " needs " + needed);
      }
      if (entry.begin() < next) {
        throw Safetensors.error(source, entry.name(), offsets + " overlap tensor '" + previous
            + "', which ends at " + next);
      }
      if (entry.begin() > next) {
        throw Safetensors.error(source, entry.name(), offsets + " leave a gap after byte " + next);
      }
      next = entry.end();
      previous = entry.name();
    }
    if (next != bufferLength) {
      throw Safetensors.error(source, "the data buffer has " + bufferLength
          + " bytes but the tensors use " + next);
    }
  }

  /** {@code product(shape) * dtype size}, overflow-checked; the count must fit a Java array. */
  private long byteLength(Entry entry) {
    Dtype dtype = Dtype.fromLabel(entry.dtype());
    Integer width = Dtype.OTHER_WIDTHS.get(entry.dtype());
    if (dtype != null) {
      width = dtype.size();
    } else if (width == null) {
      entry.floatDtype(source); // throws: unsupported dtype
    }
    try {
      long count = 1;
      for (long extent : entry.shape()) {
        count = Math.multiplyExact(count, extent);
      }
      if (count > Integer.MAX_VALUE - 8) {
        throw Safetensors.error(source, entry.name(), "shape " + Arrays.toString(entry.shape())
            + " has too many elements (" + count + ") for one array");
      }
      return Math.multiplyExact(count, width.longValue());
    } catch (ArithmeticException e) {
      throw Safetensors.error(source, entry.name(), "shape " + Arrays.toString(entry.shape())
          + " overflows 64 bits");
    }
  }

  private static void readMetadata(Object value, Map<String, String> metadata, String source) {
    if (!(value instanceof Map<?, ?> map)) {
      throw Safetensors.error(source, Safetensors.METADATA_KEY + " is not a JSON object");
    }
    for (Map.Entry<?, ?> field : map.entrySet()) {
      if (!(field.getValue() instanceof String text)) {
        throw Safetensors.error(source, Safetensors.METADATA_KEY + " value of '" + field.getKey()
            + "' is not a string: " + field.getValue());
      }
      metadata.put(String.valueOf(field.getKey()), text);
    }
  }

  private static Entry readEntry(String name, Object value, String source) {
    // Keys other than these three are ignored, as the reference implementation does.
    if (!(value instanceof Map<?, ?> info)) {
      throw Safetensors.error(source, name, "entry is not a JSON object");
    }
    if (!(info.get("dtype") instanceof String dtype)) {
      throw Safetensors.error(source, name, "dtype missing or not a string");
    }
    long[] shape = longs(info.get("shape"), -1, "shape", name, source);
    long[] offsets = longs(info.get("data_offsets"), 2, "data_offsets", name, source);
    return new Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  /** A list of non-negative integers, of {@code size} elements unless size is -1. */
  private static long[] longs(Object value, int size, String key, String name, String source) {
    String expected = key + " must be a list of " + (size < 0 ? "" : size + " ") + "non-negative integers";
    if (!(value instanceof List<?> list) || (size >= 0 && list.size() != size)) {
      throw Safetensors.error(source, name, expected + ", got " + value);
    }
    long[] values = new long[list.size()];
    for (int i = 0; i < values.length; i++) {
      Object element = list.get(i);
      if (!(element instanceof Integer || element instanceof Long) || ((Number) element).longValue() < 0) {
        throw Safetensors.error(source, name, expected + ", got " + value);
      }
      values[i] = ((Number) element).longValue();
    }
    return values;
  }

  /** The header bytes for F32 tensors already sorted by name, padded with spaces to a multiple of 8. */
  static byte[] encode(List<Tensor> sorted, Map<String, String> metadata) {
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(quote(Safetensors.METADATA_KEY)).append(":{");
      String separator = "";
      for (Map.Entry<String, String> field : new TreeMap<>(metadata).entrySet()) {
        json.append(separator).append(quote(field.getKey())).append(':').append(quote(field.getValue()));
        separator = ",";
      }
      json.append('}');
    }
    long offset = 0;
    String previous = null;
    for (Tensor tensor : sorted) {
      checkArgument(!tensor.name().equals(previous), "two tensors named '%s'", previous);
      checkArgument(!tensor.name().equals(Safetensors.METADATA_KEY), "a tensor may not be named %s",
          Safetensors.METADATA_KEY);
      long end = offset + 4L * tensor.data().length;
      json.append(json.length() > 1 ? "," : "").append(quote(tensor.name()))
          .append(":{\"dtype\":\"F32\",\"shape\":[");
      long[] shape = tensor.shape();
      for (int i = 0; i < shape.length; i++) {
        json.append(i > 0 ? "," : "").append(shape[i]);
      }
      json.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
      previous = tensor.name();
    }
    json.append('}');
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (bytes.length + 7) / 8 * 8;
    byte[] header = Arrays.copyOf(bytes, padded);
    Arrays.fill(header, bytes.length, padded, (byte) ' ');
    return header;
  }

  /** A JSON string literal, escaped as serde_json and Python's json do (non-ASCII kept as UTF-8). */
  private static String quote(String text) {
    return org.voxtile.Json.quote(text);
  }
}
