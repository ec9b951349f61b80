package org.voxtile.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.voxtile.nifti.NiftiDecompression;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.storage.Location;
import org.voxtile.zarr.ZarrSource;

/**
 * Decodes a scan's compressed inputs once per job, not once per tile ({@code .nii.gz}, and gzipped
 * {@code .hdr}/{@code .img} pairs, which become an uncompressed pair). A {@code .nii.gz} cannot be
 * read by range, so every task reading it would inflate the whole file; instead the driver streams
 * each compressed single-file input into an uncompressed scratch {@code .nii} under the scan's
 * work directory ({@link NiftiDecompression#decompress}, a fixed buffer: the driver never holds the
 * volume) and the tasks read their boxes from that by range. Uncompressed inputs are used as they
 * are. The scratch copies go with the work directory; like the tile scratch they must be on a
 * filesystem every executor sees: with an output directory on HDFS they are on HDFS (a
 * compressed input on HDFS is streamed from there, decoded on the driver, streamed back).
 */
final class InputIngest {
  /** The scratch directory of the decoded inputs, under a scan's work directory. */
  static final String DIRECTORY = OutputNames.INPUTS;

  private static final AtomicLong INFLATED = new AtomicLong();

  private InputIngest() {}

  /**
   * The inputs tasks should read: each compressed single-file input replaced by its scratch
   * {@code .nii} in {@code work/inputs/}, the others unchanged, in the same order. The caller
   * deletes {@code work/inputs/} once the scan's tasks are done.
   */
  static Map<String, Location> uncompressed(Map<String, Location> inputs, Location work) {
    Map<String, Location> out = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Location> input : inputs.entrySet()) {
      Location file = input.getValue();
      if (ZarrSource.isZarr(file)) { // read by chunk already
        out.put(input.getKey(), file);
        i++;
        continue;
      }
      boolean compressed;
      boolean singleFile;
      try (NiftiReader reader = NiftiReader.open(file.readable(), ReadLimits.DEFAULT)) {
        compressed = reader.isCompressed();
        singleFile = reader.header().singleFile();
      }
      if (compressed && singleFile) {
        Location scratch = work.resolve(DIRECTORY).resolve(i + "-" + input.getKey() + ".nii");
        scratch.parent().createDirectories();
        if (file.localPath().isPresent() && scratch.localPath().isPresent()) {
          NiftiDecompression.decompress(file.localPath().get(), scratch.localPath().get(), ReadLimits.DEFAULT);
        } else {
          Location from = file;
          scratch.write(stream -> NiftiDecompression.decompress(from.readable(), stream, ReadLimits.DEFAULT), false);
        }
        INFLATED.incrementAndGet();
        file = scratch;
      } else if (compressed) { // a gzipped .hdr/.img pair: an uncompressed pair, read by range
        Location header = work.resolve(DIRECTORY).resolve(i + "-" + input.getKey() + ".hdr");
        Location image = work.resolve(DIRECTORY).resolve(i + "-" + input.getKey() + ".img");
        header.parent().createDirectories();
        Location from = file;
        image.write(stream -> NiftiDecompression.decompressDataFile(from.readable(), stream, ReadLimits.DEFAULT), false);
        header.write(stream -> NiftiDecompression.decompressHeaderFile(from.readable(), stream, ReadLimits.DEFAULT), false);
        INFLATED.incrementAndGet();
        file = header;
      }
      out.put(input.getKey(), file);
      i++;
    }
    return out;
  }

  /** Compressed inputs decoded by this JVM so far: how the tests count decodes per job. */
  static long inflated() {
    return INFLATED.get();
  }
}
