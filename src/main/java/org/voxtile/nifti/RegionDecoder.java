package org.voxtile.nifti;

import java.nio.ByteBuffer;
import org.voxtile.geometry.Box;
import org.voxtile.volume.Volume;

/**
 * Decodes a region of a file's voxels into a {@link Volume}: the region is cut into runs that are
 * contiguous both in the file and in the volume (a row, a slab of whole rows, or a block of whole
 * slices), each read from a {@link DataSource} in chunks of at most {@value #CHUNK_BYTES} bytes and
 * decoded to float32 with the header's scaling. With {@code fewReads} (a file system where a round
 * trip costs more than bytes: HDFS, S3) the rows of a region that does not span x are fetched a
 * span of several rows and their gaps at a time, at most {@value #SPAN_BYTES} bytes a read.
 * Bytes read and values are those of {@link NiftiReader#read(Box, int, int)}, which checks the
 * region and channels before calling it.
 */
final class RegionDecoder {
  private static final int CHUNK_BYTES = 1 << 20;
  /** The most bytes one read of several rows fetches ({@link ReadableFile#prefersFewReads}). */
  private static final long SPAN_BYTES = 8L << 20;

  private final NiftiHeader header;
  private final DataSource data;
  private final boolean fewReads;

  RegionDecoder(NiftiHeader header, DataSource data, boolean fewReads) {
    this.header = header;
    this.data = data;
    this.fewReads = fewReads;
  }

  /**
   * Channels {@code [firstChannel, firstChannel + out.channels())} of {@code region} into
   * {@code out}, whose box is {@code region}; {@code region} is non-empty and inside the file.
   */
  void read(Box region, int firstChannel, Volume out) {
    int channelCount = out.channels();
    long nx = header.extent().x();
    long ny = header.extent().y();
    long nz = header.extent().z();
    long rx = region.extent().x();
    long ry = region.extent().y();
    long rz = region.extent().z();
    boolean wholeRows = rx == nx;
    boolean wholeSlices = wholeRows && ry == ny;
    // A run is contiguous both in the file and in the volume: a row, a slab of whole rows, or a
    // block of whole slices.
    long runVoxels = wholeSlices ? rx * ry * rz : wholeRows ? rx * ry : rx;
    long zSteps = wholeSlices ? 1 : rz;
    long ySteps = wholeRows ? 1 : ry;
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, runVoxels * bytesPerVoxel))
        .order(header.byteOrder());
    long x0 = region.min().x();
    if (!wholeRows && fewReads) {
      for (int c = 0; c < channelCount; c++) {
        for (long z = region.min().z(); z < region.max().z(); z++) {
          long voxel = (((firstChannel + c) * nz + z) * ny + region.min().y()) * nx + x0;
          readRowsOfSlice(header.voxOffset() + voxel * bytesPerVoxel, rx, ry, out.data(),
              out.index(c, x0, region.min().y(), z));
        }
      }
      return;
    }
    for (int c = 0; c < channelCount; c++) {
      long fileChannel = firstChannel + c;
      for (long zi = 0; zi < zSteps; zi++) {
        long z = region.min().z() + zi;
        for (long yi = 0; yi < ySteps; yi++) {
          long y = region.min().y() + yi;
          long voxel = ((fileChannel * nz + z) * ny + y) * nx + x0;
          readRun(header.voxOffset() + voxel * bytesPerVoxel, runVoxels, out.data(),
              out.index(c, x0, y, z), scratch);
        }
      }
    }
  }

  private void readRun(long position, long voxels, float[] dst, int dstIndex,
      ByteBuffer scratch) {
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    int chunkVoxels = scratch.capacity() / bytesPerVoxel;
    boolean scaled = header.isScaled();
    while (voxels > 0) {
      int n = (int) Math.min(chunkVoxels, voxels);
      scratch.clear().limit(n * bytesPerVoxel);
      data.read(position, scratch);
      scratch.flip();
      header.datatype().decode(scratch, n, dst, dstIndex, scaled, header.sclSlope(), header.sclInter());
      position += (long) n * bytesPerVoxel;
      dstIndex += n;
      voxels -= n;
    }
  }

  /**
   * {@code rows} rows of {@code rowVoxels} voxels, one file row apart, starting at file offset
   * {@code position}, into consecutive rows of {@code dst}: as few reads as {@link #SPAN_BYTES}
   * allows, each covering several rows and the gaps between them.
   */
  private void readRowsOfSlice(long position, long rowVoxels, long rows, float[] dst,
      int dstIndex) {
    int bytesPerVoxel = header.datatype().bytesPerVoxel();
    long rowBytes = rowVoxels * bytesPerVoxel;
    long strideBytes = header.extent().x() * bytesPerVoxel;
    long rowsPerRead = Math.max(1, Math.min(rows, (SPAN_BYTES - rowBytes) / strideBytes + 1));
    ByteBuffer span = ByteBuffer.allocate(Math.toIntExact((rowsPerRead - 1) * strideBytes + rowBytes))
        .order(header.byteOrder());
    boolean scaled = header.isScaled();
    for (long first = 0; first < rows; first += rowsPerRead) {
      long n = Math.min(rowsPerRead, rows - first);
      span.clear().limit(Math.toIntExact((n - 1) * strideBytes + rowBytes));
      data.read(position + first * strideBytes, span);
      for (long r = 0; r < n; r++) {
        span.limit(Math.toIntExact(r * strideBytes + rowBytes)).position(Math.toIntExact(r * strideBytes));
        header.datatype().decode(span, (int) rowVoxels, dst, dstIndex + (int) ((first + r) * rowVoxels), scaled,
            header.sclSlope(), header.sclInter());
      }
    }
  }
}
