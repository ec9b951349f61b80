package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.Activation;
import org.voxtile.ops.Concat;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.GroupNorm;
import org.voxtile.ops.Normalize;
import org.voxtile.ops.Window;
import org.voxtile.stats.MaskedVoxels;
import org.voxtile.volume.Volume;

/** The staged planner's cuts, choices and refusals on small hand-made networks. */
class StagedPlannerTest {
  private static final Extent INPUT = Extent.of(9, 8, 7);

  private static Conv3d conv(int in, int out) {
    float[] w = new float[out * in * 27];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i + 1) / 9;
    }
    return new Conv3d(in, out, new Window(Extent.cube(3), Extent.cube(1), Extent.cube(1), Extent.cube(1)), 1, w, null);
  }

  /** conv - instance_norm - relu - conv, and a skip from the first conv concatenated at the end. */
  private static Network withSkip() {
    return new Network(List.of("t1"), List.of(
        new Node("c1", conv(1, 2), List.of(Network.SOURCE)),
        new Node("n1", GroupNorm.instanceNorm(2, 1e-5, null, null), List.of("c1")),
        new Node("r1", Activation.relu(), List.of("n1")),
        new Node("c2", conv(2, 2), List.of("r1")),
        new Node("cat", new Concat(), List.of("c2", "c1"))), List.of("cat"));
  }

  @Test
  void networkWithoutGlobalNodesIsTodaysSingleStage() {
    Network net = new Network(List.of("t1"), List.of(new Node("c1", conv(1, 2), List.of(Network.SOURCE))),
        List.of("c1"));
    StagedPlan plan = new StagedPlanner(net, INPUT).plan(StagingOptions.fixed((s, r) -> Extent.cube(4), CutChoice.AUTO));
    assertEquals(1, plan.stages().size());
    assertSame(net, plan.finalStage().template());
    assertEquals(new TilePlanner(net, INPUT).plan(Extent.cube(4)), plan.finalStage().tiles());
    assertEquals(Set.of(), plan.finalStage().reads());
  }

  @Test
  void materialisingWritesTheGlobalInputAndTheSkipAndTheFinalStageReadsThem() {
    StagedPlan plan = new StagedPlanner(withSkip(), INPUT)
        .plan(StagingOptions.fixed((s, r) -> Extent.cube(3), CutChoice.MATERIALISE));
    assertEquals(2, plan.stages().size());
    Stage first = plan.stages().get(0);
    assertEquals(Set.of("c1"), first.writes());
    assertEquals(Set.of("c1"), plan.finalStage().reads());
    assertEquals(List.of(), plan.finalStage().recomputes());
    assertEquals(2L * 4 * INPUT.voxelCount(), first.bytesWritten());
    StagedPlan recompute = new StagedPlanner(withSkip(), INPUT)
        .plan(StagingOptions.fixed((s, r) -> Extent.cube(3), CutChoice.RECOMPUTE));
    assertEquals(List.of("c1"), recompute.finalStage().recomputes());
    assertEquals(0, recompute.bytesWritten());
    assertTrue(recompute.finalStage().macs() > plan.finalStage().macs());
  }

  @Test
  void bothChoicesGiveTheSameBytes() {
    Volume scan = TileRunnerTest.random(INPUT, 1, 7);
    float[] expected = StagedTiledEqualsWholeTest.everyNodeWhole(withSkip(), scan).get("cat").data();
    for (CutChoice choice : CutChoice.values()) {
      StagedPlan plan = new StagedPlanner(withSkip(), INPUT).plan(StagingOptions.fixed((s, r) -> Extent.of(2, 3, 5), choice));
      InMemoryScratch scratch = new InMemoryScratch();
      float[] got = new StagedRunner(plan).run(InputSource.of(scan), scratch, "s").get("cat").data();
      assertArrayEquals(expected, got, choice.name());
    }
  }

  @Test
  void costModelMaterialisesWhenRecomputingCostsMoreAndRespectsTheScratchBudget() {
    // three 3x3x3 convolutions of 8 channels cost ~3700 MACs per voxel to recompute; writing and
    // reading their 8-channel output back costs 64 bytes per voxel: materialising is cheaper
    Network net = new Network(List.of("t1"), List.of(
        new Node("c1", conv(1, 8), List.of(Network.SOURCE)),
        new Node("c2", conv(8, 8), List.of("c1")),
        new Node("c3", conv(8, 8), List.of("c2")),
        new Node("n1", GroupNorm.instanceNorm(8, 1e-5, null, null), List.of("c3"))), List.of("n1"));
    Extent big = Extent.cube(40);
    StagedPlan roomy = new StagedPlanner(net, big).plan(StagingOptions.withinBudget(1L << 30, 1, 1L << 30));
    assertEquals(CutChoice.MATERIALISE, roomy.stages().get(0).choice());
    StagedPlan tight = new StagedPlanner(net, big).plan(StagingOptions.withinBudget(1L << 30, 1, 1000));
    assertEquals(CutChoice.RECOMPUTE, tight.stages().get(0).choice());
  }

  @Test
  void unboundGlobalOpRefusesToCompute() {
    GroupNorm norm = GroupNorm.instanceNorm(1, 1e-5, null, null);
    Volume v = Volume.zeros(Box.of(INPUT), 1);
    VoxtileException e = assertThrows(VoxtileException.class, () -> norm.apply(v));
    assertTrue(e.getMessage().contains("instance_norm is a global op"), e.getMessage());
    assertThrows(VoxtileException.class, () -> new TilePlanner(withSkip(), INPUT));
  }

  @Test
  void emptyMaskNamesTheNodeAndTheScanBeforeTheFinalStage() {
    Network net = new Network(List.of("t1"), List.of(
        new Node("z", Normalize.zscore(1, MaskedVoxels.Rule.NONZERO), List.of(Network.SOURCE))), List.of("z"));
    StagedPlan plan = new StagedPlanner(net, INPUT).plan(StagingOptions.fixed((s, r) -> Extent.cube(4), CutChoice.AUTO));
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> new StagedRunner(plan).run(InputSource.of(Volume.zeros(Box.of(INPUT), 1)), new InMemoryScratch(), "sub-07"));
    assertEquals("node 'z' (normalize) on scan 'sub-07': normalize: the mask selects no voxel of channel 0, so its"
        + " statistics are undefined; nothing was written", e.getMessage());
  }

  @Test
  void stagesCountPassesOfAPercentileSelection() {
    Network net = new Network(List.of("t1"), List.of(
        new Node("p", new Normalize(Normalize.Method.PERCENTILE, 1, MaskedVoxels.Rule.ALL, new double[] {1, 99}, 0, 1,
            true), List.of(Network.SOURCE))), List.of("p"));
    StagedPlan plan = new StagedPlanner(net, INPUT).plan(StagingOptions.fixed((s, r) -> Extent.cube(4), CutChoice.AUTO));
    assertEquals(2, plan.stages().get(0).passes());
    Volume scan = TileRunnerTest.random(INPUT, 1, 3);
    Map<String, Volume> out = new StagedRunner(plan).run(InputSource.of(scan), new InMemoryScratch(), "s");
    assertArrayEquals(((Normalize) net.node("p").op()).applyWhole(scan).data(), out.get("p").data());
  }
}
