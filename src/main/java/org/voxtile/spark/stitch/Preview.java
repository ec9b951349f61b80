package org.voxtile.spark.stitch;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.voxtile.geometry.Box;
import org.voxtile.spark.output.OutputNames;
import org.voxtile.storage.Location;
import org.voxtile.volume.Volume;

/**
 * {@code preview.png}: one row per input channel and per output channel (at most
 * {@value #MAX_CHANNELS} per output), three panels per row: the axial (x-y at mid z), coronal
 * (x-z at mid y) and sagittal (y-z at mid x) slices through the middle of the volume, each
 * stretched between its 1st and 99th percentile to grey levels, shown with the first axis to the
 * right and the second up (radiological flips are not applied). Outputs are never read back:
 * the stitcher keeps their slices as it writes them ({@link MidSlices}); inputs are read by
 * region, from the decoded copies when the job made them.
 */
public final class Preview {
  public static final int PANEL = 160;
  static final int LABEL = 110;
  static final int MAX_CHANNELS = 8;

  private Preview() {}

  /** Writes {@code work/preview.png} from the mid slices of the scan's inputs and outputs; returns it. */
  public static Location write(Map<String, MidSlices> volumes, Location work) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true"); // drivers run on servers without displays
    }
    List<String> labels = new ArrayList<>();
    List<BufferedImage[]> rows = new ArrayList<>();
    volumes.forEach((name, slices) -> addRows(name, slices, labels, rows));
    BufferedImage sheet = new BufferedImage(LABEL + 3 * PANEL, rows.size() * PANEL, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    for (int r = 0; r < rows.size(); r++) {
      for (int p = 0; p < 3; p++) {
        BufferedImage panel = rows.get(r)[p];
        g.drawImage(panel, LABEL + p * PANEL + (PANEL - panel.getWidth()) / 2,
            r * PANEL + (PANEL - panel.getHeight()) / 2, null);
      }
    }
    drawLabels(g, labels);
    g.dispose();
    Location file = work.resolve(OutputNames.PREVIEW);
    work.createDirectories();
    file.write(out -> {
      if (!ImageIO.write(sheet, "png", out)) {
        throw new IOException("no PNG writer in this Java");
      }
    }, false);
    return file;
  }

  /** Text needs fonts; a headless machine without them gets the panels unlabelled. */
  private static void drawLabels(Graphics2D g, List<String> labels) {
    try {
      g.setColor(Color.WHITE);
      for (int r = 0; r < labels.size(); r++) {
        g.drawString(labels.get(r), 4, r * PANEL + PANEL / 2);
      }
      g.drawString("axial", LABEL + 4, 12);
      g.drawString("coronal", LABEL + PANEL + 4, 12);
      g.drawString("sagittal", LABEL + 2 * PANEL + 4, 12);
    } catch (RuntimeException | LinkageError e) {
      // no fonts: labels are a convenience
    }
  }

  private static void addRows(String name, MidSlices slices, List<String> labels, List<BufferedImage[]> rows) {
    for (int c = 0; c < slices.axial().channels(); c++) {
      labels.add(slices.channels() > 1 ? name + " [" + c + "]" : name);
      rows.add(new BufferedImage[] {panel(slices.axial(), c, 0, 1), panel(slices.coronal(), c, 0, 2),
          panel(slices.sagittal(), c, 1, 2)});
    }
  }

  /** Channel c of a one-voxel-thick slice, axis u to the right and axis v up, scaled to fit. */
  private static BufferedImage panel(Volume slice, int c, int u, int v) {
    Box b = slice.box();
    int nu = (int) (b.max(u) - b.min(u));
    int nv = (int) (b.max(v) - b.min(v));
    int n = slice.voxelsPerChannel();
    float[] values = Arrays.copyOfRange(slice.data(), c * n, (c + 1) * n);
    float[] sorted = values.clone();
    Arrays.sort(sorted); // NaN sort last
    int finite = 0;
    while (finite < sorted.length && !Float.isNaN(sorted[finite])) {
      finite++;
    }
    double lo = finite == 0 ? 0 : sorted[(int) (0.01 * (finite - 1))];
    double hi = finite == 0 ? 1 : sorted[(int) (0.99 * (finite - 1))];
    double scale = Math.max(1e-12, hi - lo);
    double zoom = Math.min((double) PANEL / nu, (double) PANEL / nv);
    int w = Math.max(1, (int) (nu * zoom));
    int h = Math.max(1, (int) (nv * zoom));
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    long[] at = {b.min(0), b.min(1), b.min(2)};
    for (int py = 0; py < h; py++) {
      for (int px = 0; px < w; px++) {
        at[u] = b.min(u) + Math.min(nu - 1, (long) (px / zoom));
        at[v] = b.min(v) + Math.min(nv - 1, (long) ((h - 1 - py) / zoom));
        float value = values[slice.index(0, at[0], at[1], at[2])];
        int grey = Float.isNaN(value) ? 0 : (int) Math.round(255 * Math.max(0, Math.min(1, (value - lo) / scale)));
        image.setRGB(px, py, grey << 16 | grey << 8 | grey);
      }
    }
    return image;
  }
}
