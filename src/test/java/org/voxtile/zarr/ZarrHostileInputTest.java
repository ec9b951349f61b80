package org.voxtile.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.storage.Location;

/** Zarr inputs voxtile refuses, each with one line naming the array and the key. */
class ZarrHostileInputTest {
  @TempDir Path dir;

  private Path edited(String fixture, String file, String from, String to) throws IOException {
    return ZarrFixtures.edited(dir, fixture, file, from, to);
  }

  private static String refused(Path at) {
    InvalidZarrException e = assertThrows(InvalidZarrException.class,
        () -> ZarrSource.open(Location.of(at)).read(ZarrSource.open(Location.of(at)).box()));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith(at.toString()), e.getMessage());
    return e.getMessage();
  }

  @Test
  void unsupportedDtypes() throws IOException {
    for (String dtype : new String[] {"<c8", "|b1", "<U4", "<i8", "<f2"}) {
      Path at = edited("plain_f4_zlib.zarr", ".zarray", "\"<f4\"", "\"" + dtype + "\"");
      assertTrue(refused(at).contains("key 'dtype'"), dtype);
      deleteAll(at);
    }
  }

  @Test
  void unsupportedCompressors() throws IOException {
    Path at = edited("plain_f4_zlib.zarr", ".zarray", "\"zlib\"", "\"blosc\"");
    String message = refused(at);
    assertTrue(message.contains("key 'compressor'") && message.contains("blosc"), message);
  }

  @Test
  void fortranOrder() throws IOException {
    assertTrue(refused(edited("plain_f4_zlib.zarr", ".zarray", "\"C\"", "\"F\"")).contains("key 'order'"));
  }

  @Test
  void filters() throws IOException {
    String message = refused(edited("plain_f4_zlib.zarr", ".zarray", "\"filters\": null",
        "\"filters\": [{\"id\": \"delta\", \"dtype\": \"<f4\"}]"));
    assertTrue(message.contains("key 'filters'"), message);
  }

  @Test
  void inconsistentShapeAndChunks() throws IOException {
    String message = refused(edited("plain_f4_zlib.zarr", ".zarray", "\"chunks\": [\n        1,", "\"chunks\": ["));
    assertTrue(message.contains("same, non-zero number of axes"), message);
  }

  @Test
  void hugeChunks() throws IOException {
    String message = refused(edited("plain_f4_zlib.zarr", ".zarray", "\"chunks\": [\n        1,",
        "\"chunks\": [\n        100000000,"));
    assertTrue(message.contains("MiB per chunk"), message);
  }

  @Test
  void aChunkFileOfTheWrongSize() throws IOException {
    Path at = edited("plain_u1_raw.zarr", ".zarray", "\"zarr_format\"", "\"zarr_format\"");
    Files.write(at.resolve("0.0.0"), new byte[5]);
    String message = refused(at);
    assertTrue(message.contains("chunk '0.0.0'") && message.contains("5 bytes, expected 32"), message);
  }

  @Test
  void aCorruptZlibChunk() throws IOException {
    Path at = edited("plain_f4_zlib.zarr", ".zarray", "\"zarr_format\"", "\"zarr_format\"");
    Files.write(at.resolve("0.0.0.0"), new byte[] {1, 2, 3, 4});
    assertTrue(refused(at).contains("chunk '0.0.0.0'"));
  }

  @Test
  void aDatasetPathLeavingTheGroup() throws IOException {
    String message = refused(edited("ome_i2_be.zarr", ".zattrs", "\"path\": \"0\"", "\"path\": \"../../etc\""));
    assertTrue(message.contains("multiscales[0].datasets[0].path"), message);
  }

  @Test
  void translationBeforeScale() throws IOException {
    Path at = edited("ome_i2_be.zarr", ".zattrs", "\"type\": \"scale\"", "\"type\": \"translationX\"");
    assertTrue(refused(at).contains("coordinateTransformations[0]"));
  }

  @Test
  void axesThatAreNotCzyx() throws IOException {
    String message = refused(edited("ome_i2_be.zarr", ".zattrs", "\"name\": \"x\"", "\"name\": \"w\""));
    assertTrue(message.contains("multiscales[0].axes"), message);
  }

  @Test
  void notJson() throws IOException {
    assertTrue(refused(edited("plain_f4_zlib.zarr", ".zarray", "{", "{{")).contains(".zarray is not valid JSON"));
  }

  private static void deleteAll(Path at) {
    Location.of(at).delete();
  }
}
