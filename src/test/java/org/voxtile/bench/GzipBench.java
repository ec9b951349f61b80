package org.voxtile.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.ParallelGzip;
import org.voxtile.volume.Volume;

/**
 * Times the compression step of writing a {@code .nii.gz}: the former single-threaded
 * {@code GZIPOutputStream} at level 1 against {@link ParallelGzip} on 1 and on 2 threads, on the
 * float32 voxels of {@link SyntheticScan} (smooth waves plus noise) held in memory, output
 * counted and checksummed, not stored. Runs are interleaved (old, 1 thread, 2 threads, repeated)
 * so load from other processes falls on all three alike; prints each run and the medians.
 * Optionally also writes the raw bytes to a file, e.g. to time {@code pigz} on the same data.
 *
 * <pre>java -Xmx3g -cp target/classes:target/test-classes org.voxtile.bench.GzipBench [X,Y,Z] [RUNS] [RAW_FILE]</pre>
 */
public final class GzipBench {
  private GzipBench() {}

  public static void main(String[] args) throws IOException {
    Extent shape = Extent.parse(args.length > 0 ? args[0] : "512,512,512");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] raw = float32Bytes(shape);
    System.out.printf("input: %s float32, %d bytes, %d cores%n", shape, raw.length,
        Runtime.getRuntime().availableProcessors());
    if (args.length > 2) {
      Files.write(Path.of(args[2]), raw);
      System.out.println("raw bytes written to " + args[2]);
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, String> outputs = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      for (String variant : List.of("GZIPOutputStream level 1", "ParallelGzip 1 thread", "ParallelGzip 2 threads")) {
        Counting out = new Counting();
        long start = System.nanoTime();
        compress(variant, raw, out);
        double s = (System.nanoTime() - start) / 1e9;
        seconds.computeIfAbsent(variant, k -> new ArrayList<>()).add(s);
        String result = String.format("%d bytes (ratio %.4f), crc32 %08x", out.count,
            (double) raw.length / out.count, out.crc.getValue());
        outputs.put(variant, result);
        System.out.printf("run %d  %-26s %7.2f s  %s%n", run + 1, variant, s, result);
      }
    }
    System.out.println("medians:");
    for (var e : seconds.entrySet()) {
      System.out.printf("  %-26s %7.2f s  %s%n", e.getKey(), median(e.getValue()), outputs.get(e.getKey()));
    }
  }

  private static void compress(String variant, byte[] raw, OutputStream out) throws IOException {
    InputStream in = new ByteArrayInputStream(raw);
    switch (variant) {
      case "ParallelGzip 1 thread" -> ParallelGzip.withThreads(1).compress(in, out);
      case "ParallelGzip 2 threads" -> ParallelGzip.withThreads(2).compress(in, out);
      default -> {
        // what NiftiStreamWriter did before ParallelGzip
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
          in.transferTo(gz);
        }
      }
    }
  }

  /** The voxels of SyntheticScan's first channel, little-endian float32, x fastest. */
  private static byte[] float32Bytes(Extent shape) {
    byte[] raw = new byte[Math.toIntExact(Math.multiplyExact(shape.voxelCount(), 4L))];
    ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (long z = 0; z < shape.z(); z += 8) {
      Volume slab = SyntheticScan.slab(Box.of(0, 0, z, shape.x(), shape.y(), Math.min(shape.z(), z + 8)), 0);
      for (float v : slab.data()) {
        buffer.putFloat(v);
      }
    }
    return raw;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Counts and checksums what it is given, keeps nothing. */
  private static final class Counting extends OutputStream {
    long count;
    final CRC32 crc = new CRC32();

    @Override
    public void write(int b) {
      count++;
      crc.update(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
      crc.update(b, off, len);
    }
  }
}
