package org.voxtile.zarr;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The fixtures of golden/zarr, written by src/test/python/make_zarr_fixtures.py (zarr-python 2.13, nibabel). */
public final class ZarrFixtures {
  private ZarrFixtures() {}

  /**
   * {@code dir/fixture}: a copy of the fixture with {@code from} replaced by {@code to} in its
   * metadata file {@code file} (which must contain it).
   */
  public static Path edited(Path dir, String fixture, String file, String from, String to) throws IOException {
    Path copy = dir.resolve(fixture);
    Path source = path(fixture);
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        Path target = copy.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    String text = Files.readString(copy.resolve(file));
    if (!text.contains(from)) {
      throw new IllegalArgumentException(from + " not in " + fixture + "/" + file);
    }
    Files.writeString(copy.resolve(file), text.replace(from, to));
    return copy;
  }

  static Path path(String name) {
    try {
      return Path.of(ZarrFixtures.class.getResource("/golden/zarr/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
