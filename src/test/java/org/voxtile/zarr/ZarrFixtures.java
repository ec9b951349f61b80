package org.voxtile.zarr;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixtures of golden/zarr, written by src/test/python/make_zarr_fixtures.py (zarr-python 2.13, nibabel). */
final class ZarrFixtures {
  private ZarrFixtures() {}

  static Path path(String name) {
    try {
      return Path.of(ZarrFixtures.class.getResource("/golden/zarr/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
