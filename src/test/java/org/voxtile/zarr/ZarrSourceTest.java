package org.voxtile.zarr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/**
 * Arrays and an OME-Zarr image written by zarr-python read box by box exactly as the same values
 * written by nibabel as NIfTI: every dtype and byte order, partial edge chunks, one or all
 * channels per chunk, both key separators, zlib and no compressor, a missing chunk.
 */
class ZarrSourceTest {
  private static final long SEED = 16;

  private static void assertSameAsNifti(String zarr, String nifti) {
    try (ZarrSource source = ZarrSource.open(Location.of(ZarrFixtures.path(zarr)));
        NiftiReader reader = NiftiReader.open(ZarrFixtures.path(nifti))) {
      assertEquals(reader.box(), source.box());
      assertEquals(reader.channels(), source.channels());
      assertArrayEquals(reader.readAll().data(), source.read(source.box()).data(), zarr + " whole");
      Random random = new Random(SEED);
      for (int i = 0; i < 40; i++) {
        Box box = randomBox(random, source.box());
        Volume expected = reader.read(box);
        Volume actual = source.read(box);
        assertEquals(box, actual.box());
        assertArrayEquals(expected.data(), actual.data(), zarr + " " + box);
      }
    }
  }

  private static Box randomBox(Random random, Box in) {
    long[] lo = new long[3];
    long[] hi = new long[3];
    for (int d = 0; d < 3; d++) {
      lo[d] = random.nextInt((int) in.max(d));
      hi[d] = lo[d] + 1 + random.nextInt((int) (in.max(d) - lo[d]));
    }
    return Box.of(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]);
  }

  @Test
  void aBareFloatArrayWithOneChannelPerChunkReadsAsTheNifti() {
    assertSameAsNifti("plain_f4_zlib.zarr", "plain_f4.nii.gz");
  }

  @Test
  void aMissingChunkReadsAsTheFillValue() {
    assertSameAsNifti("plain_u1_raw.zarr", "plain_u1.nii.gz");
    try (ZarrSource source = ZarrSource.open(Location.of(ZarrFixtures.path("plain_u1_raw.zarr")))) {
      assertEquals(7f, source.read(Box.of(4, 0, 2, 8, 4, 4)).data()[0]);
    }
  }

  @Test
  void anOmeImageReadsItsLevelZeroAndItsScaleAndTranslationAsTheAffine() {
    assertSameAsNifti("ome_i2_be.zarr", "ome_i2.nii.gz");
    try (ZarrSource source = ZarrSource.open(Location.of(ZarrFixtures.path("ome_i2_be.zarr")));
        NiftiReader reader = NiftiReader.open(ZarrFixtures.path("ome_i2.nii.gz"))) {
      assertEquals(reader.orientation().affine(), source.orientation().affine());
      assertArrayEquals(new double[] {1.5, 2, 3}, source.orientation().spacing());
      assertEquals(org.voxtile.volume.SpatialUnit.MM, source.orientation().unit());
    }
  }

  @Test
  void onlyTheChunksABoxOverlapsAreRead() {
    try (ZarrSource source = ZarrSource.open(Location.of(ZarrFixtures.path("plain_f4_zlib.zarr")))) {
      source.read(Box.of(0, 0, 0, 4, 3, 2)); // one chunk cell: one chunk per channel
      long oneCell = source.bytesRead();
      Location dir = Location.of(ZarrFixtures.path("plain_f4_zlib.zarr"));
      assertEquals(dir.resolve("0.0.0.0").size() + dir.resolve("1.0.0.0").size(), oneCell);
    }
  }
}
