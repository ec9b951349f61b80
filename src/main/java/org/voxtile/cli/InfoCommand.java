package org.voxtile.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.voxtile.Checks;
import org.voxtile.Json;
import org.voxtile.VoxtileException;
import org.voxtile.nifti.NiftiHeader;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.ReadLimits;
import org.voxtile.storage.Location;
import org.voxtile.volume.Affine;

/**
 * {@code voxtile info [--json] FILE...}: header summary of each file. With {@code --json}, one
 * JSON object per file per line (JSON Lines), keys {@code file, dims, channels, datatype, pixdim,
 * affine, orientation, scl_slope, scl_inter, vox_offset, nifti_version}: {@code dims} and
 * {@code pixdim} are dim[1..dim[0]] and pixdim[1..dim[0]], {@code affine} is nibabel's
 * {@code img.affine} as 4 rows, and non-finite numbers are {@code null}. A file that cannot be
 * read gets a {@code voxtile: ...} line on stderr; the others are still shown, and the exit
 * status is then 1.
 */
final class InfoCommand implements Command {
  @Override
  public String name() {
    return "info";
  }

  @Override
  public String summary() {
    return "header summary: dims, datatype, voxel size, affine, orientation, scaling (--json)";
  }

  private static final Options OPTIONS = new Options("info", "[--json] FILE...")
      .operands("FILE", ".nii, .nii.gz, .hdr/.img (gzipped or not), NIfTI-1 or NIfTI-2; a path or a URI")
      .flag("--json", "one JSON object per file and line");

  @Override
  public Options options() {
    return OPTIONS;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options.Parsed a = OPTIONS.parse(args);
    boolean json = a.has("--json");
    // a path, or a URI of a Hadoop file system (hdfs://...)
    List<Location> files = a.operands().stream().map(Location::of).toList();
    int status = 0;
    for (Location file : files) {
      NiftiHeader header;
      try (NiftiReader reader = NiftiReader.open(file.readable(), ReadLimits.DEFAULT)) {
        header = reader.header();
      } catch (VoxtileException e) { // an invalid file, or a scheme without its connector
        err.println("voxtile: " + Checks.printable(e.getMessage()));
        status = 1;
        continue;
      } catch (UncheckedIOException e) {
        // e.g. a directory or an unreadable file: reported, and the other files still shown
        err.println("voxtile: " + Checks.printable(e.getMessage() + ": " + e.getCause().getMessage()));
        status = 1;
        continue;
      }
      out.println(json ? json(file.toString(), header) : text(file.toString(), header));
    }
    return status;
  }

  static String text(String file, NiftiHeader h) {
    StringBuilder s = new StringBuilder();
    s.append(file).append('\n');
    row(s, "nifti version", h.version() + " (" + (h.singleFile() ? "single file" : ".hdr/.img pair") + ", "
        + (h.byteOrder() == java.nio.ByteOrder.BIG_ENDIAN ? "big" : "little") + " endian)");
    row(s, "dims", h.extent().x() + " x " + h.extent().y() + " x " + h.extent().z() + ", "
        + h.channels() + (h.channels() == 1 ? " channel" : " channels") + "  (dim "
        + Arrays.toString(Arrays.copyOf(h.dim(), (int) h.dim(0) + 1)) + ")");
    row(s, "datatype", h.datatype().label() + " (code " + h.datatype().code() + ", " + h.datatype().bitpix() + " bits)");
    double[] spacing = h.spacing();
    row(s, "voxel size", number(spacing[0]) + " x " + number(spacing[1]) + " x " + number(spacing[2])
        + (h.spatialUnit() == org.voxtile.volume.SpatialUnit.UNKNOWN ? " (unit unknown)" : " " + h.spatialUnit().symbol()));
    Affine a = h.affine();
    for (int r = 0; r < 4; r++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 4; c++) {
        line.append(String.format(Locale.ROOT, "%12.6f", a.get(r, c)));
      }
      row(s, r == 0 ? "affine" : "", line.toString());
    }
    row(s, "orientation", a.orientation());
    row(s, "qform/sform", "qform_code " + h.qformCode() + ", sform_code " + h.sformCode()
        + " (affine from " + (h.sformCode() > 0 && h.sformCode() <= 5 ? "sform"
            : h.qformCode() > 0 && h.qformCode() <= 5 ? "qform" : "pixdim") + ")");
    row(s, "scaling", h.isScaled() ? "value = stored * " + number(h.sclSlope())
        + (h.sclInter() < 0 ? " - " + number(-h.sclInter()) : " + " + number(h.sclInter()))
        : "none (scl_slope " + number(h.sclSlope()) + ", scl_inter " + number(h.sclInter()) + ")");
    row(s, "data offset", String.valueOf(h.voxOffset()));
    if (!h.descrip().isEmpty()) {
      row(s, "description", Checks.printable(h.descrip()));
    }
    if (!h.extensions().isEmpty()) {
      row(s, "extensions", h.extensions().size() + " (codes "
          + h.extensions().stream().map(e -> String.valueOf(e.code())).toList() + ")");
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String label, String value) {
    s.append(String.format(Locale.ROOT, "  %-14s %s%n", label, value));
  }

  static String json(String file, NiftiHeader h) {
    int n = (int) h.dim(0);
    List<Object> dims = new ArrayList<>();
    List<Object> pixdim = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      dims.add(h.dim(i));
      pixdim.add(Json.number(h.pixdim(i)));
    }
    List<Object> affine = new ArrayList<>();
    Affine a = h.affine();
    for (int r = 0; r < 4; r++) {
      List<Object> row = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        row.add(Json.number(a.get(r, c)));
      }
      affine.add(row);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("file", file);
    o.put("dims", dims);
    o.put("channels", h.channels());
    o.put("datatype", h.datatype().label());
    o.put("pixdim", pixdim);
    o.put("affine", affine);
    o.put("orientation", a.orientation());
    o.put("scl_slope", Json.number(h.sclSlope()));
    o.put("scl_inter", Json.number(h.sclInter()));
    o.put("vox_offset", h.voxOffset());
    o.put("nifti_version", h.version());
    return Json.line(o);
  }

  /** Six significant digits for people; --json keeps every digit. */
  private static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    String[] parts = String.format(Locale.ROOT, "%.6g", v).split("e");
    String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
    return parts.length == 1 ? mantissa : mantissa + "e" + parts[1];
  }
}
