package org.voxtile.network.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader and writer against files written by src/test/python/make_safetensors_fixtures.py
 * (values as torch's {@code .float()} gives them) and against hand-made malformed files.
 */
class SafetensorsTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/network");

  @TempDir Path dir;

  // ---- golden files from PyTorch ----

  @Test
  void readsF32AsWritten() throws IOException {
    assertMatchesTorch("f32");
    assertEquals(Map.of("format", "pt"), Safetensors.read(GOLDEN.resolve("f32.safetensors")).metadata());
  }

  @Test
  void convertsF16ExactlyIncludingSubnormalsAndInfinities() throws IOException {
    assertMatchesTorch("f16");
  }

  @Test
  void convertsBF16Exactly() throws IOException {
    assertMatchesTorch("bf16");
  }

  @Test
  void roundsF64ToNearestEvenFloat() throws IOException {
    assertMatchesTorch("f64");
    float[] specials = tensor(Safetensors.read(GOLDEN.resolve("f64.safetensors")), "specials").data();
    assertEquals(0.1f, specials[0]);
    assertEquals(0f, specials[3]); // 1e-46 underflows
    assertEquals(Float.POSITIVE_INFINITY, specials[4]); // 3.5e38 overflows
    assertEquals(1f, specials[6]); // a tie rounds to even
    assertEquals(1 + 0x1p-22f, specials[7]); // a tie rounds to even (up)
  }

  @Test
  void skipsBatchNormCounter() throws IOException {
    Safetensors.Contents contents = Safetensors.read(GOLDEN.resolve("batchnorm.safetensors"));
    assertEquals(List.of("bn.bias", "bn.running_mean", "bn.running_var", "bn.weight"),
        contents.tensors().stream().map(Tensor::name).toList());
    assertMatchesTorch("batchnorm");
  }

  @Test
  void rejectsNonFloatDtype() {
    WeightsException e = assertThrows(WeightsException.class,
        () -> Safetensors.read(GOLDEN.resolve("int64.safetensors")));
    assertTrue(e.getMessage().contains("int64.safetensors: tensor 'c1.steps': non-float tensor of dtype I64"),
        e.getMessage());
  }

  @Test
  void rejectsUnknownDtype() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", 1);
    assertMessage(file, "tensor 'x': unsupported dtype F4");
  }

  @Test
  void writesTheReferenceLayoutByteForByte() throws IOException {
    Path reference = GOLDEN.resolve("written_reference.safetensors");
    Safetensors.Contents contents = Safetensors.read(reference);
    List<Tensor> shuffled = new ArrayList<>(contents.tensors());
    java.util.Collections.reverse(shuffled); // the writer sorts by name
    Path written = dir.resolve("written.safetensors");
    Safetensors.write(written, shuffled, contents.metadata());
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(written));
  }

  @Test
  void roundTripsWithoutMetadataAndWithScalarsAndEmptyTensors() throws IOException {
    List<Tensor> tensors = List.of(
        Tensor.of("a", new long[] {}, new float[] {Float.NaN}),
        Tensor.of("b", new long[] {0, 3}, new float[0]),
        Tensor.of("c", new long[] {2}, new float[] {-0f, Float.MIN_VALUE}));
    Path file = dir.resolve("t.safetensors");
    Safetensors.write(file, tensors, Map.of());
    Safetensors.Contents back = Safetensors.read(file);
    assertEquals(tensors, back.tensors());
    assertEquals(Map.of(), back.metadata());
    long headerLength = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "the data buffer starts 8-byte aligned");
  }

  @Test
  void writerRejectsDuplicateNames() {
    Tensor a = Tensor.of("a", new long[] {1}, new float[] {1});
    assertThrows(IllegalArgumentException.class, () -> Safetensors.encode(List.of(a, a), Map.of()));
  }

  // ---- malformed files: each rule checked before any tensor is allocated ----

  @Test
  void truncatedFile() throws IOException {
    Path file = dir.resolve("short.safetensors");
    Files.write(file, new byte[] {1, 0, 0});
    assertMessage(file, "truncated: 3 bytes, fewer than the 8-byte header length");
  }

  @Test
  void oversizedHeader() throws IOException {
    assertMessage(withHeaderLength(100_000_001L, 16), "header length 100000001 exceeds the limit of 100000000 bytes");
    assertMessage(withHeaderLength(-1L, 16), "header length 18446744073709551615 exceeds the limit");
  }

  @Test
  void headerLengthPastTheEnd() throws IOException {
    assertMessage(withHeaderLength(64, 16), "header length 64 runs past the end of the file (24 bytes)");
  }

  @Test
  void headerNotStartingWithBrace() throws IOException {
    assertMessage(write(" {}", 0), "header does not start with '{'");
  }

  @Test
  void headerNotJson() throws IOException {
    assertMessage(write("{\"x\": [1, 2", 0), "header is not valid JSON");
  }

  @Test
  void headerWithDuplicateTensor() throws IOException {
    String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
    assertMessage(write("{\"x\":" + entry + ",\"x\":" + entry + "}", 4), "duplicate key x");
  }

  @Test
  void offsetsOutOfRange() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
    assertMessage(file, "tensor 'x': data_offsets [0, 16] run past the end of the 8-byte data buffer");
  }

  @Test
  void truncatedTensorData() throws IOException {
    byte[] whole = Files.readAllBytes(GOLDEN.resolve("f32.safetensors"));
    Path file = dir.resolve("cut.safetensors");
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 4));
    assertMessage(file, "tensor 'c1.weight': data_offsets [16, 880] run past the end of the 876-byte data buffer");
  }

  @Test
  void offsetsEndBeforeBegin() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8);
    assertMessage(file, "tensor 'x': data_offsets [8, 0] end before they begin");
  }

  @Test
  void overlappingTensors() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
        + "\"y\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 24);
    assertMessage(file, "tensor 'y': data_offsets [8, 24] overlap tensor 'x', which ends at 16");
  }

  @Test
  void gapBetweenTensors() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8);
    assertMessage(file, "tensor 'x': data_offsets [4, 8] leave a gap after byte 0");
  }

  @Test
  void wrongByteLength() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", 8);
    assertMessage(file, "tensor 'x': data_offsets [0, 8] hold 8 bytes but shape [2, 3] of F16 needs 12");
  }

  @Test
  void shapeOverflowingSixtyFourBits() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8);
    assertMessage(file, "tensor 'x': shape [4294967296, 4294967296] overflows 64 bits");
  }

  @Test
  void bytesLeftAfterTheLastTensor() throws IOException {
    Path file = write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12);
    assertMessage(file, "the data buffer has 12 bytes but the tensors use 4");
  }

  @Test
  void malformedEntries() throws IOException {
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", 0),
        "tensor 'x': shape must be a list of non-negative integers, got [-1]");
    assertMessage(write("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 0),
        "tensor 'x': data_offsets must be a list of 2 non-negative integers, got [0]");
    assertMessage(write("{\"__metadata__\":{\"n\":1}}", 0), "__metadata__ value of 'n' is not a string: 1");
  }

  @Test
  void missingFile() {
    assertMessage(dir.resolve("nope.safetensors"), "nope.safetensors: no such file");
  }

  // ---- helpers ----

  /** Compares every tensor of {@code <name>.safetensors} with torch's float32 values, bit for bit. */
  static void assertMatchesTorch(String name) throws IOException {
    Safetensors.Contents contents = Safetensors.read(GOLDEN.resolve(name + ".safetensors"));
    ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(GOLDEN.resolve(name + ".expected.bin")))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (String line : Files.readAllLines(GOLDEN.resolve("expected.txt"))) {
      String[] fields = line.split(" ");
      if (!fields[0].equals(name)) {
        continue;
      }
      Tensor tensor = tensor(contents, fields[1]);
      assertEquals(fields[2], tensor.dtype().label(), line);
      assertEquals("[" + fields[3].replace(",", ", ") + "]", tensor.shapeString(), line);
      for (int i = 0; i < tensor.data().length; i++) {
        float want = expected.getFloat();
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(tensor.data()[i]),
            line + " element " + i + ": want " + want + " got " + tensor.data()[i]);
      }
    }
    assertEquals(0, expected.remaining(), name + ": expected values left over");
  }

  static Tensor tensor(Safetensors.Contents contents, String name) {
    return contents.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  private static void assertMessage(Path file, String fragment) {
    WeightsException e = assertThrows(WeightsException.class, () -> Safetensors.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  /** A file with this header text and a zero-filled data buffer of {@code bufferBytes}. */
  private Path write(String header, int bufferBytes) throws IOException {
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes = ByteBuffer.allocate(8 + text.length + bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(text.length).put(text);
    Path file = dir.resolve("case.safetensors");
    Files.write(file, bytes.array());
    return file;
  }

  /** A file declaring {@code headerLength} followed by {@code rest} bytes of '{'. */
  private Path withHeaderLength(long headerLength, int rest) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(8 + rest).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(headerLength);
    while (bytes.hasRemaining()) {
      bytes.put((byte) '{');
    }
    Path file = dir.resolve("length.safetensors");
    Files.write(file, bytes.array());
    return file;
  }
}
