package org.voxtile.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.NetworkBuilder;
import org.voxtile.network.Pipeline;

class WarmUpTest {
  @Test
  void computesEveryOutputOverTheSyntheticTile() {
    Extent extent = Extent.cube(20);
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf/unet.yaml"), Optional.empty(), Map.of(), extent);
    long expected = 0;
    for (String output : built.network().outputs()) {
      Extent e = built.shapes().get(output).extent();
      expected += Math.min(12, e.x()) * Math.min(12, e.y()) * Math.min(12, e.z()) * built.shapes().get(output).channels();
    }
    assertEquals(expected, WarmUp.run(built.network(), built.shapes(), extent, 12, 2));
  }

  /**
   * An executor warms up the network built for the whole scan: only the small tile's input is
   * made, so a 1024^3 scan (4 GiB a channel, more than the test JVM's heap) costs what 20^3 does.
   */
  @Test
  void readsOnlyTheTileOfANetworkBuiltForAHugeScan() {
    Extent extent = Extent.cube(1024);
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf/unet.yaml"), Optional.empty(), Map.of(), extent);
    long expected = 0;
    for (String output : built.network().outputs()) {
      expected += 12L * 12 * 12 * built.shapes().get(output).channels();
    }
    assertEquals(expected, WarmUp.run(built.network(), built.shapes(), extent, 12, 1));
  }

  /** A network with global nodes warms up through its stages (a tile runner alone would refuse it). */
  @Test
  void warmsUpANetworkWithGlobalNodesThroughItsStages() {
    Extent extent = Extent.cube(49); // odd at every level of the nnU-Net-style example
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf/norm/nnunet-style.yaml"), Optional.empty(),
        Map.of("t1", 1, "t2", 1), extent);
    assertEquals(extent.voxelCount() * 2, WarmUp.run(built.network(), built.shapes(), extent, 48, 1),
        "the whole output of both channels, once");
  }

  @Test
  void leavesTheNetworkComputingTheSameResult() {
    Extent extent = Extent.cube(14);
    NetworkBuilder.Built built = Pipeline.load(Path.of("conf/vgg.yaml"), Optional.empty(), Map.of(), extent);
    String output = built.network().outputs().get(0);
    org.voxtile.volume.Volume input = org.voxtile.volume.Volume.zeros(Box.of(extent), built.network().inputChannels());
    for (int i = 0; i < input.data().length; i++) {
      input.data()[i] = (i * 7919 % 101) / 50f - 1;
    }
    Map<String, Box> whole = Map.of(output, Box.of(built.shapes().get(output).extent()));
    float[] before = new TileRunner(built.network(), built.shapes()).run(whole, InputSource.of(input)).get(output).data();
    WarmUp.run(built.network(), built.shapes(), extent, 8, 1);
    float[] after = new TileRunner(built.network(), built.shapes()).run(whole, InputSource.of(input)).get(output).data();
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, after);
  }
}
