package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.nifti.NiftiDataType;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.volume.Volume;

/**
 * A segmentation head written as users expect it (golden/labels, from PyTorch in float64;
 * src/test/python/make_label_fixtures.py): the class probabilities as float32 within 1e-5 of the
 * largest, and the label map as an unscaled uint8 NIfTI equal to torch's {@code probs.argmax(1)}
 * on every voxel whose top two probabilities differ by more than 1e-5 (all of them in this
 * fixture), whatever the tiles; the affine (LAS) is the input's.
 */
class LabelMapGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/labels");

  @TempDir Path temp;

  @Test
  void theLabelMapIsTorchsArgmaxAsUint8() throws Exception {
    Path out = temp.resolve("out");
    RunPlan plan = RunPlan.single(GOLDEN.resolve("pipeline.yaml"), Scan.ofFiles("golden",
        Map.of("t1", GOLDEN.resolve("t1.nii"), "t2", GOLDEN.resolve("t2.nii"))), out).withTile(Extent.of(5, 4, 3));
    VoxtileJob.run(SparkTestSession.get(), plan, new PrintStream(new ByteArrayOutputStream()));
    Volume expectedLabels = read(GOLDEN.resolve("expected_labels.nii"));
    Volume margin = read(GOLDEN.resolve("margin.nii"));
    try (NiftiReader labels = NiftiReader.open(out.resolve("labels.nii.gz"))) {
      assertEquals(NiftiDataType.UINT8, labels.header().datatype());
      assertFalse(labels.header().isScaled());
      Volume got = labels.readAll();
      assertEquals(expectedLabels.orientation().affine(), got.orientation().affine());
      int compared = 0;
      for (int i = 0; i < got.data().length; i++) {
        if (margin.data()[i] > 1e-5f) {
          assertEquals(expectedLabels.data()[i], got.data()[i], "voxel " + i);
          compared++;
        }
      }
      assertEquals(got.data().length, compared, "every voxel of this fixture has a clear winner");
    }
    Volume expectedProbs = read(GOLDEN.resolve("expected_probs.nii"));
    Volume probs = read(out.resolve("probs.nii.gz"));
    assertEquals(4, probs.channels());
    for (int i = 0; i < probs.data().length; i++) {
      assertEquals(expectedProbs.data()[i], probs.data()[i], 1e-5, "probability " + i);
    }
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertArrayEquals(new float[] {0, 1, 2, 3}, distinct(read(out.resolve("labels.nii.gz"))), "all four classes occur");
  }

  private static float[] distinct(Volume v) {
    java.util.TreeSet<Float> values = new java.util.TreeSet<>();
    for (float x : v.data()) {
      values.add(x);
    }
    float[] out = new float[values.size()];
    int i = 0;
    for (float x : values) {
      out[i++] = x;
    }
    return out;
  }

  private static Volume read(Path file) {
    try (NiftiReader reader = NiftiReader.open(file)) {
      return reader.readAll();
    }
  }
}
