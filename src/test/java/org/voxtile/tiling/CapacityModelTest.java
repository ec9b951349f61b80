package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Network;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;
import org.voxtile.tiling.CapacityModel.Cluster;
import org.voxtile.tiling.CapacityModel.Prediction;
import org.voxtile.tiling.CapacityModel.StagePrediction;

/** The capacity model: tasks in waves of the cluster's slots, bytes from the plan, the driver's stitch. */
class CapacityModelTest {
  private static final long MIB = 1L << 20;

  private static StagedPlan plan(String pipeline, Extent extent, Extent tile) {
    NetworkBuilder.Built built = Pipeline.loadAllowingMissingWeights(Path.of(pipeline), Optional.empty(), Map.of(),
        extent);
    return new StagedPlanner(built.network(), extent).plan(StagingOptions.fixed((s, r) -> tile, CutChoice.AUTO));
  }

  @Test
  void tasksRunInWavesOfTheClustersSlots() {
    StagedPlan staged = plan("conf/vgg.yaml", Extent.of(96, 80, 64), Extent.cube(16));
    int tiles = staged.finalStage().tiles().tiles().size();
    Prediction p = CapacityModel.predict(staged, new Cluster(3, 4, 64L << 30), 512 * MIB, 1000);
    assertEquals(4, p.tasksPerExecutor());
    assertEquals(12, p.slots());
    StagePrediction only = p.stages().get(0);
    assertEquals(tiles, only.tasks());
    assertEquals((tiles + 11) / 12, only.waves());
    assertEquals(only.waves() * only.taskSeconds(), only.seconds(), 1e-9);
    assertEquals(only.seconds() + 1000 / CapacityModel.STITCH_BYTES_PER_SECOND, p.seconds(), 1e-9);
  }

  @Test
  void theInputReadIsThePlansSourceVoxelsWithTheirHalo() {
    StagedPlan staged = plan("conf/vgg.yaml", Extent.of(96, 80, 64), Extent.cube(16));
    Prediction p = CapacityModel.predict(staged, new Cluster(1, 1, 2L << 30), 512 * MIB, 0);
    long read = staged.finalStage().tiles().computedPerNode().get(Network.SOURCE);
    assertEquals(read * 2 * 4, p.inputBytes()); // two float32 channels
    assertTrue(read > 96 * 80 * 64, "the halo is read again by neighbouring tiles");
  }

  @Test
  void executorMemoryLimitsTheTasksItRuns() {
    // each task needs twice its live maps; 2 GiB less 300 MiB holds one task of 512 MiB
    assertEquals(1, CapacityModel.tasksPerExecutor(new Cluster(10, 8, 2L << 30), 512 * MIB));
    assertEquals(8, CapacityModel.tasksPerExecutor(new Cluster(10, 8, 32L << 30), 512 * MIB));
    assertEquals(80, CapacityModel.slots(new Cluster(10, 8, 32L << 30), 512 * MIB));
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> CapacityModel.tasksPerExecutor(new Cluster(10, 8, 1L << 30), 512 * MIB));
    assertEquals("--cluster: an executor of 1.0 GiB holds no task of --memory-per-task 512.0 MiB: each needs twice "
        + "that, plus 300.0 MiB per executor", e.getMessage());
  }

  @Test
  void statisticsStagesArePredictedWithTheirPasses() {
    StagedPlan staged = plan("conf/norm/preprocess-zscore.yaml", Extent.of(40, 48, 40), Extent.cube(20));
    Prediction p = CapacityModel.predict(staged, new Cluster(2, 1, 4L << 30), 512 * MIB, 0);
    assertEquals(staged.stages().size(), p.stages().size());
    for (int i = 0; i < staged.stages().size(); i++) {
      Stage s = staged.stages().get(i);
      assertEquals((long) s.passes() * s.tiles().tiles().size(), p.stages().get(i).tasks());
    }
    assertEquals(p.stages().stream().mapToDouble(StagePrediction::seconds).sum(), p.seconds(), 1e-9);
  }

  @Test
  void zarrOutputsMoveTheWritingIntoTheTasks() {
    StagedPlan staged = plan("conf/vgg.yaml", Extent.of(96, 80, 64), Extent.cube(16));
    long output = 1L << 30;
    Prediction nifti = CapacityModel.predict(staged, new Cluster(2, 2, 8L << 30), 512 * MIB, output, true, false);
    Prediction zarr = CapacityModel.predict(staged, new Cluster(2, 2, 8L << 30), 512 * MIB, output, false, true);
    assertEquals(0, zarr.stitchSeconds());
    assertEquals(output / CapacityModel.STITCH_BYTES_PER_SECOND, nifti.stitchSeconds(), 1e-9);
    long tasks = nifti.stages().get(0).tasks();
    // each task deflates its chunks instead of writing its tile to scratch
    assertEquals((output / CapacityModel.CHUNK_BYTES_PER_SECOND - output / CapacityModel.SCRATCH_BYTES_PER_SECOND)
        / tasks, zarr.stages().get(0).taskSeconds() - nifti.stages().get(0).taskSeconds(), 1e-9);
  }

  @Test
  void moreExecutorsShortenTheTasksButNotTheStitch() {
    StagedPlan staged = plan("conf/vgg.yaml", Extent.of(96, 80, 64), Extent.cube(8));
    Prediction few = CapacityModel.predict(staged, new Cluster(1, 2, 8L << 30), 512 * MIB, 1L << 30);
    Prediction many = CapacityModel.predict(staged, new Cluster(8, 2, 8L << 30), 512 * MIB, 1L << 30);
    assertTrue(many.stages().get(0).seconds() < few.stages().get(0).seconds() / 7);
    assertEquals(few.stitchSeconds(), many.stitchSeconds());
  }
}
