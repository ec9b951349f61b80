package org.voxtile.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.volume.Volume;

/** Region reads equal the same region cut from a whole-file read, bit for bit. */
class NiftiRegionReadTest {
  @TempDir Path dir;

  @Test
  void randomBoxesAndChannelSubsetsEqualWholeReads() {
    long seed = 20261128;
    Random random = new Random(seed);
    for (String name : new String[] {"channels_4d_int16", "channels_4d_gz", "vector_5d_float32",
        "pair_n1_int16", "pair_gz_n1_be_float32", "n2_be_float64", "scaled_int16", "gap_after_header"}) {
      try (NiftiReader reader = NiftiReader.open(NiftiFixtures.named(name).file())) {
        Volume whole = reader.readAll();
        Extent e = reader.box().extent();
        for (int trial = 0; trial < 40; trial++) {
          long x0 = random.nextInt((int) e.x());
          long y0 = random.nextInt((int) e.y());
          long z0 = random.nextInt((int) e.z());
          Box box = Box.of(x0, y0, z0, x0 + 1 + random.nextInt((int) (e.x() - x0)),
              y0 + 1 + random.nextInt((int) (e.y() - y0)), z0 + 1 + random.nextInt((int) (e.z() - z0)));
          int first = random.nextInt(reader.channels());
          int count = 1 + random.nextInt(reader.channels() - first);
          Volume region = reader.read(box, first, count);
          Volume expected = whole.crop(box).channels(first, count);
          int t = trial;
          assertArrayEquals(expected.data(), region.data(),
              () -> name + " seed " + seed + " trial " + t + " box " + box + " channels " + first + "+" + count);
          assertEquals(reader.orientation(), region.orientation());
        }
      }
    }
  }

  @Test
  void regionReadOfAnUncompressedFileTouchesOnlyItsBytes() throws Exception {
    Volume v = NiftiWriterTest.randomVolume(Extent.of(64, 48, 40), 2, 11, NiftiWriterTest.OBLIQUE);
    Path file = NiftiWriter.write(dir.resolve("big.nii"), v,
        NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16));
    long size = Files.size(file);
    Box box = Box.of(10, 20, 5, 18, 26, 9);
    try (NiftiReader reader = NiftiReader.open(file)) {
      Volume region = reader.read(box, 1, 1);
      assertEquals(8 * 6 * 4 * 2, reader.bytesRead(), "exactly the box's bytes of one channel");
      assertTrue(reader.bytesRead() * 1000 < size);
      assertArrayEquals(reader.readAll().crop(box).channels(1, 1).data(), region.data());
    }
    // Whole rows and whole slices coalesce into long runs; the byte count is still exact.
    try (NiftiReader reader = NiftiReader.open(file)) {
      reader.read(Box.of(0, 0, 3, 64, 48, 7), 0, 2);
      assertEquals(64 * 48 * 4 * 2 * 2, reader.bytesRead());
    }
  }

  /** A local file that asks for few reads (as a remote one does) and counts the reads made. */
  private static final class FewReadsFile implements ReadableFile {
    final LocalFile local;
    final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    FewReadsFile(Path path) {
      local = new LocalFile(path);
    }

    @Override public String name() { return local.name(); }
    @Override public String fileName() { return local.fileName(); }
    @Override public ReadableFile sibling(String fileName) { return local.sibling(fileName); }
    @Override public long size() throws java.io.IOException { return local.size(); }
    @Override public java.io.InputStream openStream() throws java.io.IOException { return local.openStream(); }
    @Override public boolean prefersFewReads() { return true; }

    @Override
    public PositionalReads openPositional() throws java.io.IOException {
      PositionalReads inner = local.openPositional();
      return new PositionalReads() {
        @Override
        public void readFully(long position, java.nio.ByteBuffer dst) throws java.io.IOException {
          reads.incrementAndGet();
          inner.readFully(position, dst);
        }

        @Override
        public void close() throws java.io.IOException {
          inner.close();
        }
      };
    }
  }

  @Test
  void aFilePreferringFewReadsGetsOneReadPerSliceAndTheSameVoxels() throws Exception {
    Volume v = NiftiWriterTest.randomVolume(Extent.of(64, 48, 40), 2, 11, NiftiWriterTest.OBLIQUE);
    Path file = NiftiWriter.write(dir.resolve("remote.nii"), v,
        NiftiWriteOptions.DEFAULTS.withDatatype(NiftiDataType.INT16));
    Box box = Box.of(10, 20, 5, 18, 26, 9);
    FewReadsFile remote = new FewReadsFile(file);
    try (NiftiReader reader = NiftiReader.open(remote, ReadLimits.DEFAULT);
        NiftiReader local = NiftiReader.open(file)) {
      Volume region = reader.read(box, 0, 2);
      assertArrayEquals(local.read(box, 0, 2).data(), region.data());
      assertEquals(2 * 4, remote.reads.get(), "one read per channel and z, not per row");
      assertEquals(2 * 4 * (5 * 64 + 8) * 2, reader.bytesRead(), "each read spans the box's rows and the gaps");
    }
  }

  @Test
  void compressedFileIsInflatedOnceForManyRegionReads() throws Exception {
    try (NiftiReader reader = NiftiReader.open(NiftiFixtures.named("channels_4d_gz").file())) {
      assertEquals(0, reader.bytesRead(), "open reads the header only");
      reader.read(Box.of(0, 0, 0, 2, 2, 2), 0, 1);
      reader.read(Box.of(1, 1, 1, 3, 3, 3), 2, 1);
      assertEquals(8 + 8, reader.bytesRead(), "region reads copy from the one inflated copy");
    }
  }

  @Test
  void regionOutsideTheVolumeIsRefused() {
    try (NiftiReader reader = NiftiReader.open(NiftiFixtures.named("n1_le_int16").file())) {
      assertThrows(IllegalArgumentException.class, () -> reader.read(Box.of(-1, 0, 0, 2, 2, 2)));
      assertThrows(IllegalArgumentException.class, () -> reader.read(Box.of(0, 0, 0, 6, 2, 2)));
      assertThrows(IllegalArgumentException.class, () -> reader.read(Box.of(0, 0, 0, 2, 2, 2), 1, 1));
    }
  }

  @Test
  void namedInputsStackAsChannels() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", NiftiFixtures.named("multi_t1").file());
    inputs.put("t2", NiftiFixtures.named("multi_t2").file());
    inputs.put("extra", NiftiFixtures.named("channels_4d_int16").file());
    try (MultiChannelSource scan = MultiChannelSource.open(inputs, ReadLimits.DEFAULT);
        NiftiReader t1 = NiftiReader.open(inputs.get("t1"));
        NiftiReader t2 = NiftiReader.open(inputs.get("t2"));
        NiftiReader extra = NiftiReader.open(inputs.get("extra"))) {
      assertEquals(4, scan.channels());
      assertEquals(java.util.List.of("t1", "t2", "extra"), scan.names());
      Box box = Box.of(1, 1, 0, 4, 3, 2);
      Volume v = scan.read(box);
      assertArrayEquals(t1.read(box).data(), v.channels(0, 1).data());
      assertArrayEquals(t2.read(box).data(), v.channels(1, 1).data());
      assertArrayEquals(extra.read(box).data(), v.channels(2, 2).data());
    }
  }

  @Test
  void inputsOnDifferentGridsAreRefusedNamingBothFiles() {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", NiftiFixtures.named("multi_t1").file());
    inputs.put("t2", NiftiFixtures.named("multi_other_grid").file());
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class,
        () -> MultiChannelSource.open(inputs, ReadLimits.DEFAULT));
    assertTrue(e.getMessage().contains("multi_t1.nii") && e.getMessage().contains("multi_other_grid.nii")
        && e.getMessage().contains("affine"), e.getMessage());
    inputs.put("t2", NiftiFixtures.named("vector_5d_float32").file());
    inputs.put("t2", NiftiFixtures.named("gz_n1_float32").file());
    // Same dims and affine: accepted.
    try (MultiChannelSource ok = MultiChannelSource.open(inputs, ReadLimits.DEFAULT)) {
      assertEquals(2, ok.channels());
    }
  }

  @Test
  void inputsOfDifferentDimsAreRefused() throws Exception {
    Volume v = NiftiWriterTest.randomVolume(Extent.of(5, 4, 2), 1, 3, NiftiWriterTest.OBLIQUE);
    Path other = NiftiWriter.write(dir.resolve("small.nii"), v, NiftiWriteOptions.DEFAULTS);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", NiftiFixtures.named("multi_t1").file());
    inputs.put("t2", other);
    InvalidNiftiException e = assertThrows(InvalidNiftiException.class,
        () -> MultiChannelSource.open(inputs, ReadLimits.DEFAULT));
    assertTrue(e.getMessage().contains("small.nii") && e.getMessage().contains("multi_t1.nii")
        && e.getMessage().contains("5x4x2"), e.getMessage());
  }
}
