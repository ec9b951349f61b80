package org.voxtile.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.zarr.ZarrFixtures;

/**
 * The hostile Zarr inputs of {@link HostileInputCatalogueTest}: each is a fixture written by
 * zarr-python ({@code golden/zarr}, see src/test/python/make_zarr_fixtures.py) broken one way,
 * then given to {@code voxtile run --input t1=bad.zarr}, which must refuse it on the driver, from
 * metadata, in one line naming the array and the key, and write nothing.
 */
final class ZarrHostileCases {
  /** How the catalogue runs {@code voxtile run} in a case's directory with these arguments. */
  interface Run {
    Result run(Path dir, String... args) throws IOException;
  }

  private ZarrHostileCases() {}

  static void register(OnnxHostileCases.Register r, Run run) {
    String plain = "plain_f4_zlib.zarr";
    r.hostile("Zarr: complex dtype", 1, "voxtile: {dir}/bad.zarr: .zarray key 'dtype': dtype \"<c8\" is not supported "
        + "(supported: |u1 |i1 <u2 <i2 <u4 <i4 <f4 <f8, also big-endian >)",
        d -> both(run, d, edited(d, plain, ".zarray", "\"<f4\"", "\"<c8\"")));
    r.hostile("Zarr: blosc compressor", 1, "voxtile: {dir}/bad.zarr: .zarray key 'compressor' {\"id\": \"blosc\", "
        + "\"level\": 1}: \"blosc\" is not supported (null or zlib; in Python re-save with compressor=numcodecs.Zlib(level=1))",
        d -> both(run, d, edited(d, plain, ".zarray", "\"zlib\"", "\"blosc\"")));
    r.hostile("Zarr: Fortran order", 1, "voxtile: {dir}/bad.zarr: .zarray key 'order' is \"F\": only C order is "
        + "supported (in Python: zarr.array(data, order=\"C\"))",
        d -> both(run, d, edited(d, plain, ".zarray", "\"C\"", "\"F\"")));
    r.hostile("Zarr: filters", 1, "voxtile: {dir}/bad.zarr: .zarray key 'filters' is [{\"id\": \"delta\"}]: filters "
        + "are not supported (must be null)",
        d -> both(run, d, edited(d, plain, ".zarray", "\"filters\": null", "\"filters\": [{\"id\": \"delta\"}]")));
    r.hostile("Zarr: chunks of fewer axes than the shape", 1, "voxtile: {dir}/bad.zarr: .zarray: shape [2, 5, 7, 9] "
        + "and chunks [2, 3, 4] must have the same, non-zero number of axes",
        d -> both(run, d, edited(d, plain, ".zarray", "\"chunks\": [\n        1,", "\"chunks\": [")));
    r.hostile("Zarr: Zarr v3", 1, "voxtile: {dir}/bad.zarr: .zarray key 'zarr_format' is 3: only Zarr v2 (2) is supported",
        d -> both(run, d, edited(d, plain, ".zarray", "\"zarr_format\": 2", "\"zarr_format\": 3")));
    r.hostile("Zarr: a dataset path leaving the group", 1, "voxtile: {dir}/bad.zarr: .zattrs "
        + "multiscales[0].datasets[0].path \"../../t1\": must be key segments of letters, digits, '_', '.', '-' "
        + "separated by '/', none starting with '.' (a path must stay inside the group) (OME-NGFF 0.4)",
        d -> both(run, d, edited(d, "ome_i2_be.zarr", ".zattrs", "\"path\": \"0\"", "\"path\": \"../../t1\"")));
    r.hostile("Zarr: translation before scale", 1, "voxtile: {dir}/bad.zarr: .zattrs "
        + "multiscales[0].datasets[0].coordinateTransformations[0]: must be a scale (scale first, then translation) "
        + "(OME-NGFF 0.4)",
        d -> both(run, d, edited(d, "ome_i2_be.zarr", ".zattrs", "\"type\": \"scale\"", "\"type\": \"translation\"")));
    r.hostile("Zarr: axes and transformations disagree", 1, "voxtile: {dir}/bad.zarr: .zattrs "
        + "multiscales[0].datasets[0].coordinateTransformations[0].scale: must be 3 numbers, one per axis (OME-NGFF 0.4)",
        d -> both(run, d, edited(d, "ome_i2_be.zarr", ".zattrs", "{\n                    \"name\": \"c\",\n"
            + "                    \"type\": \"channel\"\n                },", "")));
    r.hostile("Zarr: channels whose extents disagree", 1, "voxtile: {dir}/t2.nii: input 't2' has dims 5x4x3 but input "
        + "'t1' ({dir}/bad.zarr) has 9x7x5; all inputs must share one voxel grid",
        d -> {
          Path zarr = edited(d, plain, ".zarray", "\"order\"", "\"order\"");
          Path nifti = HostileInputCatalogueTest.write(d, "t2.nii", HostileInputCatalogueTest.good());
          return run.run(d, "--input", "t1=" + zarr, "--input", "t2=" + nifti, "--output", d.resolve("out") + "");
        });
  }

  private static Result both(Run run, Path d, Path zarr) throws IOException {
    return run.run(d, "--input", "t1=" + zarr, "--input", "t2=" + zarr, "--output", d.resolve("out") + "");
  }

  /** {@code dir/bad.zarr}: a copy of {@code fixture} with {@code from} replaced by {@code to} in {@code file}. */
  static Path edited(Path dir, String fixture, String file, String from, String to) throws IOException {
    Path copy = ZarrFixtures.edited(dir, fixture, file, from, to);
    Files.move(copy, dir.resolve("bad.zarr"));
    return dir.resolve("bad.zarr");
  }
}
