package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * {@link ParallelGzip}: one gzip member any reader takes, the same bytes on any number of threads,
 * blocks chained by their dictionary, failures that surface and leave no thread behind.
 */
class ParallelGzipTest {
  private static final int B = ParallelGzip.BLOCK_BYTES;
  private static final long SEED = 20261128L;

  /** Sizes around the window and the block edges. */
  private static final int[] SIZES = {0, 1, 32767, 32768, B - 1, B, B + 1, 3 * B + 12345};

  @Test
  void roundTripsThroughGzipInputStreamAtEveryEdgeSize() throws IOException {
    for (String kind : new String[] {"random", "zeros", "pattern"}) {
      for (int size : SIZES) {
        byte[] data = data(kind, size);
        byte[] gz = compress(data, 2);
        assertArrayEquals(data, gunzip(gz), kind + " size " + size + " seed " + SEED);
      }
    }
  }

  @Test
  void sameBytesOnOneTwoThreeAndEightThreads() throws IOException {
    byte[] data = mixed(5 * B + 777);
    byte[] one = compress(data, 1);
    for (int threads : new int[] {2, 3, 8}) {
      assertArrayEquals(one, compress(data, threads), threads + " threads, seed " + SEED);
    }
  }

  @Test
  void sameBytesWhateverSizesTheInputStreamReadsIn() throws IOException {
    byte[] data = mixed(2 * B + 99);
    InputStream dribble = new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7777));
      }
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzip.withThreads(2).compress(dribble, out);
    assertArrayEquals(compress(data, 2), out.toByteArray());
  }

  @Test
  void headerAndTrailerFieldsAndExactlyOneMember() throws IOException, DataFormatException {
    for (int size : SIZES) {
      byte[] data = data("pattern", size);
      byte[] gz = compress(data, 3);
      String what = "size " + size;
      // ID1 ID2 CM FLG | MTIME (4) | XFL OS
      assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 255},
          java.util.Arrays.copyOf(gz, 10), what + " header");
      Inflater inflater = new Inflater(true);
      inflater.setInput(gz, 10, gz.length - 10);
      byte[] inflated = new byte[size + 1];
      int n = 0;
      while (!inflater.finished()) {
        int got = inflater.inflate(inflated, n, inflated.length - n);
        assertTrue(got > 0 || inflater.finished(), what + ": deflate stream ends early");
        n += got;
      }
      assertEquals(size, n, what + " inflated length");
      // After the final deflate block: the 8-byte trailer, then the end of the file.
      assertEquals(8, inflater.getRemaining(), what + ": one member, nothing after its trailer");
      inflater.end();
      CRC32 crc = new CRC32();
      crc.update(data);
      assertEquals((int) crc.getValue(), littleEndianInt(gz, gz.length - 8), what + " CRC-32");
      assertEquals(size, littleEndianInt(gz, gz.length - 4), what + " ISIZE");
    }
  }

  @Test
  void eachBlockSeesThePreviousBlocksWindow() throws IOException {
    // A random 30000-byte motif repeated over 8 blocks: within a block it costs its literals once;
    // a block that starts without the previous one's window pays them again.
    byte[] motif = new byte[30000];
    new Random(SEED).nextBytes(motif);
    byte[] data = new byte[8 * B];
    for (int i = 0; i < data.length; i++) {
      data[i] = motif[i % motif.length];
    }
    int chained = compress(data, 2).length;
    int independent = 0;
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    byte[] out = new byte[2 * B];
    for (int start = 0; start < data.length; start += B) {
      deflater.reset();
      deflater.setInput(data, start, B);
      independent += deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    }
    deflater.end();
    assertTrue(independent > 8 * motif.length, "independent blocks pay the motif each: " + independent);
    assertTrue(chained < independent / 2,
        "chained " + chained + " bytes vs independent blocks " + independent);
  }

  @Test
  void sizeStaysCloseToOneSingleThreadedStream() throws IOException {
    byte[] data = mixed(4 * B + 5);
    ByteArrayOutputStream single = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try (var gz = new java.util.zip.DeflaterOutputStream(single, deflater)) {
      gz.write(data);
    }
    deflater.end();
    int parallel = compress(data, 2).length;
    assertTrue(parallel < single.size() * 1.01 + 64,
        "parallel " + parallel + " vs one stream " + single.size());
  }

  @Test
  void inputFailureMidwayPropagatesAndLeavesNoThreads() {
    IOException broken = new IOException("disk gone");
    InputStream in = new InputStream() {
      long position;

      @Override
      public int read() throws IOException {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position > 5L * B / 2) {
          throw broken;
        }
        position += len;
        return len;
      }
    };
    IOException thrown = assertThrows(IOException.class,
        () -> ParallelGzip.withThreads(2).compress(in, OutputStream.nullOutputStream()));
    assertSame(broken, thrown);
    assertNoGzipThreadAlive();
  }

  @Test
  void outputFailurePropagatesAndLeavesNoThreads() {
    IOException full = new IOException("no space left");
    OutputStream out = new OutputStream() {
      long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 100_000) {
          throw full;
        }
      }
    };
    byte[] data = data("random", 4 * B);
    IOException thrown = assertThrows(IOException.class,
        () -> ParallelGzip.withThreads(3).compress(new ByteArrayInputStream(data), out));
    assertSame(full, thrown);
    assertNoGzipThreadAlive();
  }

  @Test
  void workerFailureIsRethrownAndEveryDeflaterEnded() {
    List<Deflater> made = new ArrayList<>();
    AtomicInteger blocks = new AtomicInteger();
    ParallelGzip failing = new ParallelGzip(2, () -> {
      Deflater d = new FailingDeflater(blocks, 3);
      synchronized (made) {
        made.add(d);
      }
      return d;
    });
    IOException thrown = assertThrows(IOException.class, () ->
        failing.compress(new ByteArrayInputStream(data("random", 6 * B)), OutputStream.nullOutputStream()));
    assertTrue(thrown.getCause() instanceof IllegalStateException, thrown.toString());
    assertNoGzipThreadAlive();
    assertEquals(2, made.size());
    for (Deflater d : made) {
      assertThrows(NullPointerException.class, d::getBytesRead, "ended: closed Deflaters refuse calls");
    }
  }

  @Test
  void zeroThreadsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ParallelGzip.withThreads(0));
  }

  /** A level-1 raw Deflater that throws on its n-th block: a bug or a native failure in a worker. */
  private static final class FailingDeflater extends Deflater {
    private final AtomicInteger blocks;
    private final int failAt;

    FailingDeflater(AtomicInteger blocks, int failAt) {
      super(BEST_SPEED, true);
      this.blocks = blocks;
      this.failAt = failAt;
    }

    @Override
    public void setInput(byte[] input, int off, int len) {
      if (blocks.incrementAndGet() == failAt) {
        throw new IllegalStateException("injected failure");
      }
      super.setInput(input, off, len);
    }
  }

  static void assertNoGzipThreadAlive() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("voxtile-gzip-")) {
        try {
          t.join(10_000); // a finished pool's thread may still be on its way out
        } catch (InterruptedException e) {
          throw new UncheckedIOException(new java.io.InterruptedIOException());
        }
        assertFalse(t.isAlive(), t.getName() + " still alive");
      }
    }
  }

  static byte[] compress(byte[] data, int threads) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long length = ParallelGzip.withThreads(threads).compress(new ByteArrayInputStream(data), out);
    assertEquals(data.length, length);
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  /** Random bytes, zeros, or a 3000-byte motif repeated across the block edges (1 MiB is no multiple of it). */
  private static byte[] data(String kind, int size) {
    byte[] b = new byte[size];
    switch (kind) {
      case "random" -> new Random(SEED + size).nextBytes(b);
      case "zeros" -> { }
      case "pattern" -> {
        byte[] motif = new byte[3000];
        Random random = new Random(SEED);
        for (int i = 0; i < motif.length; i++) {
          motif[i] = (byte) ('a' + random.nextInt(16));
        }
        for (int i = 0; i < size; i++) {
          b[i] = motif[i % motif.length];
        }
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return b;
  }

  /** Stretches of random bytes, zeros and patterns, so blocks differ in how well they compress. */
  private static byte[] mixed(int size) {
    byte[] b = new byte[size];
    Random random = new Random(SEED);
    int i = 0;
    while (i < size) {
      int run = Math.min(size - i, 1 + random.nextInt(B / 3));
      switch (random.nextInt(3)) {
        case 0 -> {
          byte[] r = new byte[run];
          random.nextBytes(r);
          System.arraycopy(r, 0, b, i, run);
        }
        case 1 -> { }
        default -> {
          for (int k = 0; k < run; k++) {
            b[i + k] = (byte) ((k % 1234) * 7);
          }
        }
      }
      i += run;
    }
    return b;
  }

  private static int littleEndianInt(byte[] b, int offset) {
    return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16
        | (b[offset + 3] & 0xff) << 24;
  }
}
