package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.ops.Regridding;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Grid;
import org.voxtile.volume.Volume;

/**
 * conf/preprocess-t1t2.yaml (reorient, resample to 1 mm, z-score in the foreground, a small
 * network) on a small LAS scan of 1.5 x 1.5 x 2 mm voxels tilted by 10 degrees: the conformed grid
 * is RAS with 1 mm voxels, and the staged run equals every node computed whole, for both outputs,
 * with every cut recomputed and materialised.
 */
class PreprocessExampleTest {
  @Test
  void theExampleConformsAnObliqueLasScanAndIsTheSameStagedAndWhole() {
    Extent small = Extent.of(11, 9, 10);
    double c = Math.cos(Math.toRadians(10));
    double s = Math.sin(Math.toRadians(10));
    Affine las = Affine.ofRowMajor(-1.5, 0, 0, 20, 0, 1.5 * c, -2 * s, -10, 0, 1.5 * s, 2 * c, 5, 0, 0, 0, 1);
    NetworkBuilder.Built built = NetworkBuilder.build(Pipeline.read(Path.of("conf/preprocess-t1t2.yaml")),
        Optional.empty(), Map.of("t1", 1, "t2", 1), new Grid(small, las));
    Grid conformed = ((Regridding) built.network().node("conformed").op()).outputGrid();
    assertEquals("RAS", conformed.affine().orientation());
    assertArrayEquals(new double[] {1, 1, 1}, conformed.affine().voxelSizes(), 0);
    Volume scan = TileRunnerTest.random(small, 2, 15);
    float[] data = scan.data();
    for (int i = 0; i < data.length; i += 4) {
      data[i] = 0; // background for the non-zero mask
    }
    Map<String, Volume> whole = StagedTiledEqualsWholeTest.everyNodeWhole(built.network(), scan);
    for (CutChoice choice : new CutChoice[] {CutChoice.RECOMPUTE, CutChoice.MATERIALISE}) {
      StagedPlan plan = new StagedPlanner(built.network(), small)
          .plan(StagingOptions.fixed((stage, reference) -> Extent.of(5, 4, 6), choice));
      Map<String, Volume> staged = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "example");
      for (String out : built.spec().outputs()) {
        assertEquals(Box.of(built.shapes().get(out).extent()), staged.get(out).box(), out);
        assertArrayEquals(whole.get(out).data(), staged.get(out).data(), out + " " + choice);
      }
    }
  }
}
