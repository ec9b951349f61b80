package org.voxtile.nifti;

import static org.voxtile.Checks.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip compression on several threads that writes the same bytes whatever the thread count, as
 * pigz does: ONE gzip member (RFC 1952) whose deflate stream is cut into fixed
 * {@value #BLOCK_BYTES}-byte blocks of input, each deflated independently at level 1 (nibabel's
 * default for {@code .gz}) with the previous block's last {@value #DICTIONARY_BYTES} bytes as preset
 * dictionary, each ended by a sync flush (the last by the final block), and written in order.
 * Every gzip reader reads it as an ordinary single-member file: Java's {@code GZIPInputStream},
 * Python's {@code gzip} (nibabel), zlib's {@code gzread} (ITK, FSL, FreeSurfer, MRIcroGL),
 * {@code gzip -d}.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(raw); OutputStream out = Files.newOutputStream(gz)) {
 *   ParallelGzip.withAvailableProcessors().compress(in, out);
 * }
 * }</pre>
 *
 * <p>Header: magic 1f 8b, CM 8 (deflate), FLG 0 (no name, no comment, no extra field), MTIME 0
 * (so equal data gives equal files), XFL 4 (fastest compression, as gzip -1 and pigz -1 write it),
 * OS 255 (unknown, as Python's gzip and Java 16+ write it). Trailer: CRC-32 and length mod 2^32 of
 * the uncompressed data, little-endian.
 *
 * <p>The bytes depend only on the input and the zlib in use: not on the thread count, nor on how
 * the input stream splits its reads. Blocks are a constant size for that reason; a thread count
 * is only a speed setting. Memory stays near {@code 4 x threads x BLOCK_BYTES} (at most
 * {@code 2 x threads} blocks in flight, each an input and an output buffer) whatever the size.
 *
 * <p>Against one {@link java.util.zip.GZIPOutputStream} at level 1 the cost in size is small: a
 * block restarts the match search with only the 32 KiB window behind it, and each sync flush adds
 * 4-5 bytes. On float32 scan-like data the output was no larger (docs/benchmarks.md).
 */
public final class ParallelGzip {
  /** Uncompressed bytes per independently deflated block: a constant, so output never depends on threads. */
  public static final int BLOCK_BYTES = 1 << 20;
  /** Deflate's window: the most of the previous block a match can reach back into. */
  static final int DICTIONARY_BYTES = 32 << 10;
  private static final int LEVEL = Deflater.BEST_SPEED;
  private static final byte[] HEADER = {
      0x1f, (byte) 0x8b, // magic
      8, // CM: deflate
      0, // FLG: no FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT
      0, 0, 0, 0, // MTIME: none, so the output depends on the data only
      4, // XFL: fastest algorithm
      (byte) 255 // OS: unknown
  };
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final int threads;
  private final Supplier<Deflater> deflaters;

  ParallelGzip(int threads, Supplier<Deflater> deflaters) {
    checkArgument(threads >= 1, "gzip threads: %s, expected at least 1", threads);
    this.threads = threads;
    this.deflaters = deflaters;
  }

  /**
   * Compresses on {@code threads} threads (1 is allowed and gives the same bytes).
   *
   * @throws IllegalArgumentException for fewer than one thread
   */
  public static ParallelGzip withThreads(int threads) {
    return new ParallelGzip(threads, () -> new Deflater(LEVEL, true));
  }

  /** Compresses on as many threads as the JVM has processors. */
  public static ParallelGzip withAvailableProcessors() {
    return withThreads(Runtime.getRuntime().availableProcessors());
  }

  public int threads() {
    return threads;
  }

  /**
   * Reads {@code in} to its end and writes it to {@code out} as one gzip member; closes neither.
   * Returns the number of uncompressed bytes. The threads it starts have ended when it returns
   * or throws.
   *
   * @throws IOException from {@code in} or {@code out} as they threw it, or wrapping a failure in
   *     a compressing thread (never swallowed); the caller names the file
   */
  public long compress(InputStream in, OutputStream out) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    BlockingQueue<Deflater> idle = new ArrayBlockingQueue<>(threads);
    List<Deflater> all = new ArrayList<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        Deflater deflater = deflaters.get();
        all.add(deflater);
        idle.add(deflater);
      }
      return new Run(in, out, pool, idle).compress();
    } finally {
      pool.shutdownNow();
      boolean ended = awaitQuietly(pool);
      if (ended) {
        all.forEach(Deflater::end);
      } // else a thread still holds its Deflater: the Cleaner frees it when that thread lets go
    }
  }

  /** One compression: the caller's thread reads, checksums, hands out and writes blocks in order. */
  private final class Run {
    private final InputStream in;
    private final OutputStream out;
    private final ExecutorService pool;
    private final BlockingQueue<Deflater> idle;
    private final ArrayDeque<Future<DeflateBlock>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spareInputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spareOutputs = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private long length;

    Run(InputStream in, OutputStream out, ExecutorService pool, BlockingQueue<Deflater> idle) {
      this.in = in;
      this.out = out;
      this.pool = pool;
      this.idle = idle;
    }

    long compress() throws IOException {
      out.write(HEADER);
      byte[] dictionary = null;
      byte[] current = spareInput();
      int n = read(current);
      while (true) {
        // A block is known to be the last only once the next read finds the end of the input.
        boolean last = n < BLOCK_BYTES;
        byte[] next = null;
        int m = 0;
        if (!last) {
          next = spareInput();
          m = read(next);
          last = m == 0;
        }
        submit(new DeflateBlock(current, n, dictionary, last, spareOutput()));
        if (last) {
          break;
        }
        dictionary = Arrays.copyOfRange(current, BLOCK_BYTES - DICTIONARY_BYTES, BLOCK_BYTES);
        current = next;
        n = m;
      }
      while (!inFlight.isEmpty()) {
        writeOldest();
      }
      byte[] trailer = new byte[8];
      putIntLittleEndian(trailer, 0, (int) crc.getValue());
      putIntLittleEndian(trailer, 4, (int) length); // ISIZE: the length mod 2^32
      out.write(trailer);
      return length;
    }

    /** Fills {@code buffer} as far as the input goes; fewer than BLOCK_BYTES only at its end. */
    private int read(byte[] buffer) throws IOException {
      int n = in.readNBytes(buffer, 0, BLOCK_BYTES);
      crc.update(buffer, 0, n);
      length += n;
      return n;
    }

    private void submit(DeflateBlock block) throws IOException {
      if (inFlight.size() >= 2 * threads) {
        writeOldest();
      }
      inFlight.add(pool.submit(() -> deflate(block)));
    }

    private DeflateBlock deflate(DeflateBlock block) throws InterruptedException {
      Deflater deflater = idle.take(); // never waits: at most `threads` blocks run at once
      try {
        block.deflate(deflater);
        return block;
      } finally {
        deflater.reset();
        idle.add(deflater);
      }
    }

    private void writeOldest() throws IOException {
      DeflateBlock block = await(inFlight.remove());
      out.write(block.output, 0, block.outputLength);
      spareInputs.add(block.input);
      spareOutputs.add(block.output);
    }

    private byte[] spareInput() {
      byte[] b = spareInputs.poll();
      return b != null ? b : new byte[BLOCK_BYTES];
    }

    private byte[] spareOutput() {
      byte[] b = spareOutputs.poll();
      // Level 1 on incompressible data grows it by a few bytes per 16 KiB: rarely a second try.
      return b != null ? b : new byte[BLOCK_BYTES + (BLOCK_BYTES >> 6)];
    }
  }

  private static DeflateBlock await(Future<DeflateBlock> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("a compressing thread failed: " + cause, cause);
    }
  }

  /** Waits for the pool's threads to end (they finish their block: milliseconds); true if they did. */
  private static boolean awaitQuietly(ExecutorService pool) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          interrupted = true; // wait on: the threads must be gone before their Deflaters end
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Daemon threads named after the pool, so a stuck one never holds the JVM open. */
  private static java.util.concurrent.ThreadFactory daemonThreads() {
    int pool = POOL_NUMBER.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "voxtile-gzip-" + pool + "-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void putIntLittleEndian(byte[] b, int offset, int v) {
    b[offset] = (byte) v;
    b[offset + 1] = (byte) (v >>> 8);
    b[offset + 2] = (byte) (v >>> 16);
    b[offset + 3] = (byte) (v >>> 24);
  }
}
