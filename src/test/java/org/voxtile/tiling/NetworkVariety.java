package org.voxtile.tiling;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.voxtile.network.Network;
import org.voxtile.network.Node;
import org.voxtile.ops.AvgPool3d;
import org.voxtile.ops.Conv3d;
import org.voxtile.ops.ConvTranspose3d;
import org.voxtile.ops.Interpolate;
import org.voxtile.ops.MaxPool3d;
import org.voxtile.ops.Mul;
import org.voxtile.ops.Op;
import org.voxtile.ops.Pad;
import org.voxtile.ops.Resample;
import org.voxtile.ops.Window;

/** What random networks exercise, so that the property test can assert its generator's variety. */
final class NetworkVariety {
  private NetworkVariety() {}

  /**
   * What a network exercises, for the property test to check its generator's variety: each op's
   * name, and "stride", "dilation", "groups", "ceil_mode", "pad constant", "pad replicate",
   * "interpolate <mode>" (and " align_corners"), "multi-input", "multi-output", "mul broadcast" (a
   * 1-channel map times a map of more channels).
   */
  static Set<String> features(Network net) {
    Set<String> seen = new TreeSet<>();
    Map<String, Integer> channels = new HashMap<>(Map.of(Network.SOURCE, net.inputChannels()));
    for (Node node : net.nodes()) {
      Op op = node.op();
      seen.add(op.name());
      int[] in = node.inputs().stream().mapToInt(channels::get).toArray();
      channels.put(node.name(), op.outputChannels(in));
      if (op instanceof Mul && in[0] != in[1]) {
        seen.add("mul broadcast");
      }
      Window w = op instanceof Conv3d c ? c.window() : op instanceof ConvTranspose3d t ? t.window()
          : op instanceof MaxPool3d m ? m.window() : op instanceof AvgPool3d a ? a.window() : null;
      for (int d = 0; w != null && d < 3; d++) {
        seen.add(w.stride(d) > 1 ? "stride" : "stride 1");
        seen.add(w.dilation(d) > 1 ? "dilation" : "dilation 1");
      }
      if (op instanceof Conv3d c && c.groups() > 1) {
        seen.add("groups");
      }
      if (op instanceof MaxPool3d m && m.ceilMode()) {
        seen.add("ceil_mode");
      }
      if (op instanceof Interpolate i) {
        seen.add("interpolate " + i.mode().label() + (i.alignCorners() ? " align_corners" : ""));
      }
      if (op instanceof Pad p) {
        seen.add("pad " + p.mode().name().toLowerCase(Locale.ROOT));
      }
      if (op instanceof Resample r) {
        seen.add("resample order " + r.order());
        if (oblique(r.inputGrid().affine())) {
          seen.add("resample oblique");
        }
      }
      if (node.inputs().size() > 1) {
        seen.add("multi-input");
      }
    }
    if (net.outputs().size() > 1) {
      seen.add("multi-output");
    }
    return seen;
  }

  /** Whether some voxel axis of {@code a} runs along no world axis alone. */
  private static boolean oblique(org.voxtile.volume.Affine a) {
    for (int c = 0; c < 3; c++) {
      int nonZero = 0;
      for (int r = 0; r < 3; r++) {
        nonZero += Math.abs(a.get(r, c)) > 1e-9 ? 1 : 0;
      }
      if (nonZero > 1) {
        return true;
      }
    }
    return false;
  }
}
