package org.voxtile.network.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.voxtile.VoxtileException;
import org.voxtile.geometry.Extent;
import org.voxtile.network.OpRegistry;

/**
 * The {@code inference:} key: MONAI's defaults, tuples in the file's axis order, every bad value
 * named with file, line and key; and the flags that override it.
 */
class InferenceTest {
  private static final String NODES = "inputs: [t1]\nnodes:\n  - {name: a, op: relu}\noutputs: [a]\n";

  private static PipelineSpec parse(String inference) {
    return PipelineFile.parse(NODES + inference, "p.yaml", Path.of("."), OpRegistry.catalogue());
  }

  private static String error(String inference) {
    return assertThrows(PipelineException.class, () -> parse(inference)).getMessage();
  }

  @Test
  void withoutTheKeyAPipelineRunsOnTheWholeVolume() {
    assertEquals(Inference.WHOLE, parse("").inference());
    assertFalse(parse("inference: {mode: whole}\n").inference().slidingWindow());
  }

  @Test
  void slidingWindowTakesMonaisDefaultsForWhatIsNotGiven() {
    Inference i = parse("inference: {mode: sliding_window, roi_size: 96}\n").inference();
    assertTrue(i.slidingWindow());
    assertEquals(Extent.cube(96), i.roi());
    assertEquals(0.25, i.overlap());
    assertEquals(Inference.Blend.CONSTANT, i.blend());
    assertEquals(List.of(0.125, 0.125, 0.125), i.sigmaScale());
    assertEquals(0f, i.cval());
    assertEquals("p.yaml:5: inference.roi_size", i.roiOrigin());
  }

  @Test
  void tuplesAreReadInTheFilesAxisOrder() {
    Inference xyz = parse("inference: {mode: sliding_window, roi_size: [8, 16, 32], sigma_scale: [0.1, 0.2, 0.3], "
        + "blend: gaussian, overlap: 0.5, cval: -1}\n").inference();
    assertEquals(Extent.of(8, 16, 32), xyz.roi());
    assertEquals(List.of(0.1, 0.2, 0.3), xyz.sigmaScale());
    assertEquals(Inference.Blend.GAUSSIAN, xyz.blend());
    assertEquals(-1f, xyz.cval());
    Inference zyx = parse("axes: zyx\ninference: {mode: sliding_window, roi_size: [8, 16, 32], "
        + "sigma_scale: [0.1, 0.2, 0.3]}\n").inference();
    assertEquals(Extent.of(32, 16, 8), zyx.roi());
    assertEquals(List.of(0.3, 0.2, 0.1), zyx.sigmaScale());
  }

  @Test
  void everyBadValueIsNamedWithFileLineAndKey() {
    assertEquals("p.yaml:5: inference.roi_size missing: mode sliding_window needs the window, e.g. roi_size: "
        + "[96, 96, 96]", error("inference: {mode: sliding_window}\n"));
    assertEquals("p.yaml:5: inference.roi_size must be positive on every axis, got 96x0x96",
        error("inference: {mode: sliding_window, roi_size: [96, 0, 96]}\n"));
    assertTrue(error("inference: {mode: sliding_window, roi_size: [4096, 4096, 4096]}\n")
        .startsWith("p.yaml:5: inference.roi_size 4096x4096x4096 is more than 2147483639 voxels"));
    assertEquals("p.yaml:5: inference.roi_size must be a positive integer or a list of 3, got [96, 96]",
        error("inference: {mode: sliding_window, roi_size: [96, 96]}\n"));
    assertEquals("p.yaml:5: inference.overlap must be at least 0 and below 1 (MONAI's overlap), got 1.0",
        error("inference: {mode: sliding_window, roi_size: 8, overlap: 1.0}\n"));
    assertEquals("p.yaml:5: inference.mode must be whole or sliding_window, got 'sliding'",
        error("inference: {mode: sliding}\n"));
    assertTrue(error("inference: {mode: sliding_window, roi_size: 8, blend: gauss}\n")
        .startsWith("p.yaml:5: inference.blend must be constant or gaussian, got 'gauss'"));
    assertTrue(error("inference: {mode: sliding_window, roi_size: 8, padding: reflect}\n")
        .startsWith("p.yaml:5: inference.padding must be constant, got 'reflect'"));
    assertEquals("p.yaml:5: inference.sigma_scale must be a positive number, got 0.0",
        error("inference: {mode: sliding_window, roi_size: 8, sigma_scale: 0.0}\n"));
    assertEquals("p.yaml:5: unknown key 'roi_sise' in inference (did you mean roi_size?)",
        error("inference: {mode: sliding_window, roi_sise: 8}\n"));
  }

  @Test
  void flagsOverrideTheFileAndTurnTheModeOn() {
    Inference file = parse("inference: {roi_size: 8, blend: gaussian}\n").inference();
    assertFalse(file.slidingWindow(), "settings may wait in the file for --sliding-window");
    Inference on = file.with(new Inference.Overrides(true, null, 0.5, null, 0.25));
    assertTrue(on.slidingWindow());
    assertEquals(Extent.cube(8), on.roi());
    assertEquals(0.5, on.overlap());
    assertEquals(Inference.Blend.GAUSSIAN, on.blend());
    assertEquals(List.of(0.25, 0.25, 0.25), on.sigmaScale());
    Inference roi = file.with(new Inference.Overrides(true, Extent.of(4, 5, 6), null, null, null));
    assertEquals("--roi-size", roi.roiOrigin());
    assertEquals(file, file.with(Inference.Overrides.NONE));
  }

  @Test
  void windowFlagsWithoutTheModeOrAWindowAreRefused() {
    VoxtileException e = assertThrows(VoxtileException.class,
        () -> Inference.WHOLE.with(new Inference.Overrides(false, Extent.cube(8), null, null, null)));
    assertTrue(e.getMessage().startsWith("--roi-size, --overlap, --blend and --sigma-scale set a sliding window"));
    e = assertThrows(VoxtileException.class,
        () -> Inference.WHOLE.with(new Inference.Overrides(true, null, null, null, null)));
    assertTrue(e.getMessage().startsWith("--sliding-window needs a window: give --roi-size X,Y,Z"));
  }
}
