package org.voxtile.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.voxtile.cli.MainTest.Result;

/**
 * The hostile preprocessing pipelines of {@link HostileInputCatalogueTest}: each runs
 * {@code voxtile run p.yaml --input t1=in.nii} on the catalogue's good 5x4x3 file (or that file
 * with a broken affine), and must be refused in one line naming the file, the node and the key
 * before any task, writing nothing.
 */
final class PreprocessHostileCases {
  private static final int N1_SROW_X = 280;

  private PreprocessHostileCases() {}

  static void register(OnnxHostileCases.Register r, Function<String[], Result> main) {
    r.hostile("preprocess: an orientation code that is not a permutation", 1, "voxtile: {dir}/p.yaml:3: node 'r': to "
        + "'RRA' is not an orientation code: it names one world axis twice (each of L/R, P/A, I/S once)",
        d -> run(main, d, "{name: r, op: reorient, to: RRA}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: an orientation code with a foreign letter", 1, "voxtile: {dir}/p.yaml:3: node 'r': to "
        + "'RAX' is not an orientation code: 'X' is none of L, R, P, A, I, S",
        d -> run(main, d, "{name: r, op: reorient, to: RAX}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: reorienting a scan whose affine is singular", 1, "voxtile: scan 'scan': t1={dir}/in.nii: the "
        + "affine is singular (its voxel axes span no volume): …",
        d -> run(main, d, "{name: r, op: reorient}", HostileInputCatalogueTest.edit1(b -> {
          for (int i = 0; i < 3; i++) {
            b.putFloat(N1_SROW_X + 16 * i, 0); // column 0 of the sform is zero
          }
        })));
    r.hostile("preprocess: a zero spacing", 1, "voxtile: {dir}/p.yaml:3: node 'r': spacing must be a positive number "
        + "or a list of 3, got [1, 0, 1]",
        d -> run(main, d, "{name: r, op: resample, spacing: [1, 0, 1]}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: a negative spacing", 1, "voxtile: {dir}/p.yaml:3: node 'r': spacing must be a positive number "
        + "or a list of 3, got -2",
        d -> run(main, d, "{name: r, op: resample, spacing: -2}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: a resampling beyond the size limit", 1, "voxtile: {dir}/p.yaml:3: node 'r': spacing [1.0E-5, "
        + "1.0E-5, 1.0E-5] mm gives an output of 795607 x 842052 x 596594 voxels, more than the 70368744177664 one map "
        + "may have",
        d -> run(main, d, "{name: r, op: resample, spacing: 0.00001}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: a cubic resampling", 1, "voxtile: {dir}/p.yaml:3: node 'r': order is 3; voxtile resamples "
        + "with order 0 (nearest) or 1 (linear), not higher-order splines",
        d -> run(main, d, "{name: r, op: resample, spacing: 1, order: 3}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: a crop box outside the volume", 1, "voxtile: {dir}/p.yaml:3: node 'r': box [1, 0, 0, 7, 4, 3] "
        + "is empty or not inside the input 5x4x3: give x0 < x1 <= 5, y0 < y1 <= 4, z0 < z1 <= 3",
        d -> run(main, d, "{name: r, op: crop_to, box: [1, 0, 0, 7, 4, 3]}", HostileInputCatalogueTest.good()));
    r.hostile("preprocess: an empty crop box", 1, "voxtile: {dir}/p.yaml:3: node 'r': box [2, 0, 0, 2, 4, 3] "
        + "is empty or not inside the input 5x4x3: give x0 < x1 <= 5, y0 < y1 <= 4, z0 < z1 <= 3",
        d -> run(main, d, "{name: r, op: crop_to, box: [2, 0, 0, 2, 4, 3]}", HostileInputCatalogueTest.good()));
  }

  /** {@code voxtile run} of a one-input pipeline with {@code node} on {@code in.nii} of these bytes. */
  private static Result run(Function<String[], Result> main, Path d, String node, byte[] input) throws IOException {
    Path pipeline = HostileInputCatalogueTest.text(d, "p.yaml", "inputs: [t1]\nnodes:\n  - " + node
        + "\noutputs: [" + node.replaceAll("^\\{name: (\\w+).*", "$1") + "]\n");
    Path in = HostileInputCatalogueTest.write(d, "in.nii", input);
    return main.apply(new String[] {"run", pipeline.toString(), "--input", "t1=" + in, "--output",
        d.resolve("out").toString(), "--master", "local[1]"});
  }
}
