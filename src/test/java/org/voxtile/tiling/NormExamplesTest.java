package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.volume.Volume;

/**
 * The conf/norm/ examples of real networks' blocks (nnU-Net-style, SegResNet-style, z-score
 * preprocessing): each builds and plans in stages for the 181x217x181 scan shape, and on a small
 * scan its staged run equals the whole-volume reference with every cut recomputed and with every
 * cut materialised, bit for bit.
 */
class NormExamplesTest {
  private static final Map<String, Integer> TWO_INPUTS = Map.of("t1", 1, "t2", 1);

  @ParameterizedTest
  @CsvSource({"nnunet-style.yaml, 10", "segresnet-block.yaml, 2", "preprocess-zscore.yaml, 2"})
  void buildsAndPlansInStagesForTheScanShape(String file, int globalNodes) {
    Extent scan = Extent.of(181, 217, 181);
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf", "norm", file), Optional.empty(), TWO_INPUTS, scan);
    StagedPlan plan = new StagedPlanner(built.network(), scan).plan(StagingOptions.withinBudget(512L << 20, 2, 8L << 30));
    assertEquals(globalNodes + 1, plan.stages().size());
    Description d = Description.of(built, plan);
    assertEquals(globalNodes + 1, d.stages().size());
    assertEquals("", d.stages().get(globalNodes).statisticsOf());
    assertFalse(d.stages().get(0).statisticsOf().isEmpty());
  }

  @ParameterizedTest
  @CsvSource({"nnunet-style.yaml", "segresnet-block.yaml", "preprocess-zscore.yaml"})
  void recomputeAndMaterialiseGiveTheWholeResultsBytes(String file) {
    Extent small = Extent.of(13, 9, 13); // odd at every level the U-Net upsamples into
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf", "norm", file), Optional.empty(), TWO_INPUTS, small);
    Volume scan = TileRunnerTest.random(small, 2, 12);
    float[] data = scan.data();
    for (int i = 0; i < data.length; i += 3) {
      data[i] = 0; // background for the non-zero mask
    }
    float[] expected = StagedTiledEqualsWholeTest.everyNodeWhole(built.network(), scan).get("out").data();
    for (CutChoice choice : new CutChoice[] {CutChoice.RECOMPUTE, CutChoice.MATERIALISE}) {
      StagedPlan plan = new StagedPlanner(built.network(), small)
          .plan(StagingOptions.fixed((stage, reference) -> Extent.of(5, 4, 6), choice));
      Volume out = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), file).get("out");
      assertEquals(Box.of(small), out.box());
      assertArrayEquals(expected, out.data(), file + " " + choice);
    }
  }
}
