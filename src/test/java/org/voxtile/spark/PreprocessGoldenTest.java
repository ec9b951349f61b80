package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Pipeline;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.volume.Volume;

/**
 * The preprocessing ops against nibabel and SciPy on crops of real files no one here wrote
 * (golden/preprocess, src/test/python/make_preprocess_fixtures.py): a LAS 2 mm and a LAS 1 mm
 * scan, an oblique two-volume scan (NIfTI-2 origin) and a 0.5 mm template. Each pipeline runs
 * tiled on Spark (tiles of 4 x 3 x 5 voxels of the first output, so every output is cut) and each
 * written file must have nibabel's shape, an affine within 1e-6 of nibabel's, and nibabel's values:
 * bit for bit for {@code reorient} and {@code resample} order 0, within 1e-5 relative (of the
 * largest value) for order 1.
 */
class PreprocessGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/preprocess");

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"las2mm", "oblique", "halfmm", "las1mm"})
  void reorientMovesValuesAsNibabel(String scan) throws Exception {
    check(scan, "reorient");
  }

  @ParameterizedTest
  @ValueSource(strings = {"las2mm", "oblique", "halfmm", "las1mm"})
  void resampleIsNibabelsResampleToOutput(String scan) throws Exception {
    check(scan, "resample");
  }

  /** crop_to as nibabel's slicer, pad_to as TorchIO's CropOrPad (constant and replicate, padding and cropping), mask. */
  @org.junit.jupiter.api.Test
  void cropPadAndMaskAreNibabelTorchioAndNumpy() throws Exception {
    check("las2mm", "shape");
  }

  private void check(String scan, String kind) throws Exception {
    Path folder = GOLDEN.resolve(scan);
    Path pipeline = folder.resolve(kind + ".yaml");
    Path out = temp.resolve(kind);
    Map<String, Path> inputs = kind.equals("shape")
        ? Map.of("t1", folder.resolve("input.nii.gz"), "brain", folder.resolve("mask.nii.gz"))
        : Map.of("t1", folder.resolve("input.nii.gz"));
    RunPlan plan = RunPlan.single(pipeline, Scan.ofFiles(scan, inputs), out).withTile(Extent.of(4, 3, 5));
    VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
    List<String> outputs = Pipeline.read(pipeline).outputs();
    assertTrue(outputs.size() >= 1);
    for (String node : outputs) {
      Volume expected = read(folder.resolve("expected_" + node + ".nii.gz"));
      Volume got = read(out.resolve(node + ".nii.gz"));
      String what = scan + "/" + node;
      assertEquals(expected.extent(), got.extent(), what + " extent");
      assertEquals(expected.channels(), got.channels(), what + " channels");
      assertTrue(expected.orientation().affine().approximatelyEquals(got.orientation().affine(), 1e-6),
          what + " affine\n" + got.orientation().affine() + "\nexpected\n" + expected.orientation().affine());
      boolean exact = !node.startsWith("linear");
      double scale = 0;
      for (float v : expected.data()) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < got.data().length; i++) {
        if (exact) {
          assertEquals(expected.data()[i], got.data()[i], what + " voxel " + i);
        } else {
          assertEquals(expected.data()[i], got.data()[i], 1e-5 * scale, what + " voxel " + i);
        }
      }
    }
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
  }

  private static Volume read(Path file) {
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
    }
  }
}
