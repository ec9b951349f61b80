package org.voxtile.network.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.voxtile.network.pipeline.StrictYaml;

/**
 * Reads and writes the {@code .safetensors} format, the one PyTorch users export weights in:
 *
 * <pre>
 * offset 0      u64 little-endian N: header length in bytes
 * offset 8      N bytes of UTF-8 JSON, starting with '{', possibly padded with spaces:
 *               {"__metadata__": {"k": "v", ...},                       (optional, string values)
 *                "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
 * offset 8 + N  the data buffer; tensor bytes are buffer[begin, end), little-endian, row-major
 * </pre>
 *
 * <p>Reading checks the layout before allocating anything for the data, as the reference
 * implementation does: N at most {@link #MAX_HEADER_BYTES} and within the file; offsets inside
 * the buffer, tensors contiguous from 0 in offset order (no overlap, no gap); {@code end - begin
 * == product(shape) * dtype size}, with overflow-checked products; the buffer ends exactly at the
 * end of the file. F32, F16, BF16 and F64 tensors are read as float32 (see {@link Dtype});
 * tensors named {@code *.num_batches_tracked} (PyTorch's int64 BatchNorm counter, meaningless
 * for inference) are skipped; any other non-float tensor is an error.
 *
 * <p>The header is parsed by snakeyaml-engine with its JSON schema (JSON is YAML 1.2), which the
 * pipeline parser already needs: one parser, with duplicate keys rejected, rather than two.
 * Starting with '{' is enforced as the reference implementation does.
 *
 * <pre>{@code
 * List<Tensor> tensors = Safetensors.read(Path.of("weights.safetensors")).tensors();
 * Safetensors.write(Path.of("out.safetensors"), tensors, Map.of("format", "pt"));
 * }</pre>
 */
public final class Safetensors {
  /** The reference implementation's cap on the header length. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;
  /** Tensors with this suffix are skipped on reading. */
  public static final String IGNORED_SUFFIX = ".num_batches_tracked";
  static final String METADATA_KEY = "__metadata__";

  private Safetensors() {}

  /**
   * What one file holds.
   *
   * @param metadata the {@code __metadata__} strings, sorted by key; empty when absent
   * @param tensors the tensors as float32, sorted by name
   */
  public record Contents(Map<String, String> metadata, List<Tensor> tensors) {
    public Contents {
      metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
      tensors = List.copyOf(tensors);
    }
  }

  /**
   * Reads every float tensor of {@code file}.
   *
   * @throws WeightsException naming the file (and tensor) if the file cannot be read, is not a
   *     well-formed safetensors file, or holds a non-float tensor
   */
  public static Contents read(Path file) {
    String source = file.toString();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw error(source, "truncated: " + fileSize + " bytes, fewer than the 8-byte header length");
      }
      long headerLength = readFully(channel, 0, 8).getLong();
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw error(source, "header length " + Long.toUnsignedString(headerLength)
            + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
      }
      if (headerLength > fileSize - 8) {
        throw error(source, "header length " + headerLength + " runs past the end of the file ("
            + fileSize + " bytes)");
      }
      SafetensorsHeader header =
          SafetensorsHeader.parse(decode(readFully(channel, 8, (int) headerLength), source), source);
      long bufferStart = 8 + headerLength;
      header.checkLayout(fileSize - bufferStart);
      List<Tensor> tensors = new ArrayList<>();
      for (SafetensorsHeader.Entry entry : header.entries()) {
        if (entry.name().endsWith(IGNORED_SUFFIX)) {
          continue;
        }
        Dtype dtype = entry.floatDtype(source);
        float[] values = readFloats(channel, bufferStart + entry.begin(), dtype, entry.count());
        tensors.add(new Tensor(entry.name(), dtype, entry.shape(), values));
      }
      tensors.sort(Comparator.comparing(Tensor::name));
      return new Contents(header.metadata(), tensors);
    } catch (NoSuchFileException e) {
      throw new WeightsException(source + ": no such file", e);
    } catch (IOException e) {
      throw new WeightsException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code tensors} as F32 in the reference layout: tensors sorted by name and laid out in
   * that order, compact JSON header with {@code __metadata__} (keys sorted) first, padded with
   * spaces to a multiple of 8 bytes so the buffer is 8-byte aligned.
   *
   * @throws WeightsException if the file cannot be written
   * @throws IllegalArgumentException if two tensors share a name
   */
  public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata) {
    byte[] bytes = encode(tensors, metadata);
    // a hidden temporary file renamed into place: a failed write never leaves a partial file
    Path absolute = file.toAbsolutePath();
    Path temp = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: the hidden .tmp name never looks like a result
      }
      throw new WeightsException(file + ": cannot write: " + (e instanceof NoSuchFileException
          ? "the directory " + absolute.getParent() + " does not exist" : e.getMessage()), e);
    }
  }

  /** The bytes {@link #write} writes. */
  public static byte[] encode(Collection<Tensor> tensors, Map<String, String> metadata) {
    List<Tensor> sorted = new ArrayList<>(tensors);
    sorted.sort(Comparator.comparing(Tensor::name));
    byte[] header = SafetensorsHeader.encode(sorted, metadata);
    long bufferLength = 0;
    for (Tensor tensor : sorted) {
      bufferLength += 4L * tensor.data().length;
    }
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + header.length + bufferLength))
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(header.length).put(header);
    for (Tensor tensor : sorted) {
      for (float value : tensor.data()) {
        out.putFloat(value);
      }
    }
    return out.array();
  }

  /** Elements per read: bounds the transient byte buffer whatever the tensor's size. */
  private static final int CHUNK = 1 << 16;

  private static float[] readFloats(FileChannel channel, long position, Dtype dtype, int count) throws IOException {
    float[] values = new float[count];
    for (int from = 0; from < count; from += CHUNK) {
      int n = Math.min(CHUNK, count - from);
      ByteBuffer bytes = readFully(channel, position + (long) from * dtype.size(), n * dtype.size());
      for (int i = from; i < from + n; i++) {
        values[i] = switch (dtype) {
          case F32 -> bytes.getFloat();
          case F64 -> (float) bytes.getDouble(); // round to nearest even, as torch's .float()
          case F16 -> Dtype.halfToFloat(bytes.getShort());
          case BF16 -> Dtype.bfloat16ToFloat(bytes.getShort());
        };
      }
    }
    return values;
  }

  private static String decode(ByteBuffer bytes, String source) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw error(source, "header is not valid UTF-8");
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
      }
    }
    return buffer.flip();
  }

  static WeightsException error(String source, String detail) {
    return new WeightsException(source + ": " + detail);
  }

  static WeightsException error(String source, String tensor, String detail) {
    return new WeightsException(source + ": tensor '" + tensor + "': " + detail);
  }

  static Object parseJson(String text, String source) {
    try {
      return StrictYaml.loadJson(text, source);
    } catch (YamlEngineException e) {
      throw new WeightsException(source + ": header is not valid JSON: " + StrictYaml.describe(e), e);
    }
  }
}
