package org.voxtile.zarr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;

/**
 * OME-NGFF 0.4 image metadata ({@code .zattrs} of an image group): what voxtile writes and the
 * rules it checks when reading. One multiscale, axes {@code c, z, y, x} (channel first, then
 * space slowest to fastest, so x is the last array axis and varies fastest as in NIfTI and in a
 * {@link org.voxtile.volume.Volume}); level {@code "0"} at full resolution. Its
 * {@code coordinateTransformations} are a {@code scale} (the voxel spacing, NIfTI's pixdim) then a
 * {@code translation} (the world position of voxel 0, the affine's last column): NGFF 0.4 has no
 * rotation, so the whole voxel-to-world affine is also kept under {@value #VOXTILE}{@code .affine}
 * (rows of the 4x4 matrix mapping (x, y, z, 1) voxel indices to world), which voxtile prefers when
 * it reads the image back.
 *
 * <p>Rules checked ({@link #violations}), from the NGFF 0.4 specification: {@code multiscales} is a
 * non-empty list; its first entry has {@code version "0.4"}; 2 to 5 {@code axes}, names unique,
 * types {@code time}, {@code channel} or {@code space}, 2 or 3 space axes, at most one time and
 * one channel axis, time before channel before space; space units, when given, are UDUNITS-2
 * length names; {@code datasets} is non-empty, each with a {@code path} of safe key segments
 * (no {@code ..}: a key must not leave the group) and {@code coordinateTransformations} that are
 * one {@code scale} first, then at most one {@code translation}, each with one value per axis.
 */
public final class OmeNgff {
  /** The custom attribute holding what NGFF cannot say: the full affine. */
  public static final String VOXTILE = "voxtile";
  public static final String ZGROUP = ".zgroup";
  public static final String ZATTRS = ".zattrs";
  /** The full-resolution level's array, inside the image group. */
  public static final String LEVEL0 = "0";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final Set<String> LENGTH_UNITS = Set.of("angstrom", "attometer", "centimeter", "decimeter",
      "exameter", "femtometer", "foot", "gigameter", "hectometer", "inch", "kilometer", "megameter", "meter",
      "micrometer", "mile", "millimeter", "nanometer", "parsec", "petameter", "picometer", "terameter", "yard",
      "yoctometer", "yottameter", "zeptometer", "zettameter");

  private OmeNgff() {}

  /** The image group's {@code .zattrs} for a level-0 array of {@code channels} x the grid of {@code orientation}. */
  static Map<String, Object> attributes(String name, Orientation orientation) {
    double[] spacing = orientation.spacing();
    Affine affine = orientation.affine();
    Map<String, Object> scale = new LinkedHashMap<>();
    scale.put("type", "scale");
    scale.put("scale", List.of(1.0, spacing[2], spacing[1], spacing[0]));
    Map<String, Object> translation = new LinkedHashMap<>();
    translation.put("type", "translation");
    translation.put("translation", List.of(0.0, affine.get(2, 3), affine.get(1, 3), affine.get(0, 3)));
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("path", LEVEL0);
    dataset.put("coordinateTransformations", List.of(scale, translation));
    List<Object> axes = new ArrayList<>();
    axes.add(axis("c", "channel", null));
    for (String axis : List.of("z", "y", "x")) {
      axes.add(axis(axis, "space", unitName(orientation.unit())));
    }
    Map<String, Object> multiscale = new LinkedHashMap<>();
    multiscale.put("version", "0.4");
    multiscale.put("name", name);
    multiscale.put("axes", axes);
    multiscale.put("datasets", List.of(dataset));
    List<Object> rows = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      rows.add(java.util.Arrays.stream(affine.row(r)).boxed().toList());
    }
    Map<String, Object> own = new LinkedHashMap<>();
    own.put("affine", rows);
    own.put("spacing", List.of(spacing[0], spacing[1], spacing[2]));
    own.put("unit", orientation.unit().symbol());
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("multiscales", List.of(multiscale));
    attrs.put(VOXTILE, own);
    return attrs;
  }

  private static Map<String, Object> axis(String name, String type, String unit) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("name", name);
    a.put("type", type);
    if (unit != null) {
      a.put("unit", unit);
    }
    return a;
  }

  /**
   * UDUNITS-2's name of a NIfTI spatial unit; NIfTI's "unknown" is written as millimetres, the
   * unit scanners write and FSL and ITK assume (the exact unit stays under {@value #VOXTILE}).
   */
  static String unitName(SpatialUnit unit) {
    return switch (unit) {
      case MM, UNKNOWN -> "millimeter";
      case MICRON -> "micrometer";
      case METER -> "meter";
    };
  }

  static SpatialUnit unitOf(Object name) {
    if ("millimeter".equals(name) || "mm".equals(name)) {
      return SpatialUnit.MM;
    }
    if ("micrometer".equals(name) || "um".equals(name)) {
      return SpatialUnit.MICRON;
    }
    if ("meter".equals(name) || "m".equals(name)) {
      return SpatialUnit.METER;
    }
    return SpatialUnit.UNKNOWN;
  }

  /**
   * The NGFF 0.4 rules (see the class comment) that {@code attrs} break, each naming its key, e.g.
   * {@code "multiscales[0].datasets[0].path \"../x\": ..."}; empty when it keeps them all.
   */
  public static List<String> violations(Object attrs) {
    List<String> out = new ArrayList<>();
    if (!(attrs instanceof Map<?, ?> map) || !(map.get("multiscales") instanceof List<?> list) || list.isEmpty()) {
      out.add("multiscales: must be a non-empty list");
      return out;
    }
    if (!(list.get(0) instanceof Map<?, ?> ms)) {
      out.add("multiscales[0]: must be an object");
      return out;
    }
    if (!"0.4".equals(ms.get("version"))) {
      out.add("multiscales[0].version " + org.voxtile.Json.line(ms.get("version")) + ": must be \"0.4\"");
    }
    int axisCount = checkAxes(ms.get("axes"), out);
    if (!(ms.get("datasets") instanceof List<?> datasets) || datasets.isEmpty()) {
      out.add("multiscales[0].datasets: must be a non-empty list");
      return out;
    }
    for (int i = 0; i < datasets.size(); i++) {
      String key = "multiscales[0].datasets[" + i + "]";
      if (!(datasets.get(i) instanceof Map<?, ?> ds)) {
        out.add(key + ": must be an object");
        continue;
      }
      if (!isSafeKey(ds.get("path"))) {
        out.add(key + ".path " + org.voxtile.Json.line(ds.get("path")) + ": must be key segments of letters, digits,"
            + " '_', '.', '-' separated by '/', none starting with '.' (a path must stay inside the group)");
      }
      checkTransformations(ds.get("coordinateTransformations"), axisCount, key, out);
    }
    return out;
  }

  /** The number of axes, after checking them. */
  private static int checkAxes(Object value, List<String> out) {
    if (!(value instanceof List<?> axes) || axes.size() < 2 || axes.size() > 5) {
      out.add("multiscales[0].axes: must be a list of 2 to 5 axes");
      return -1;
    }
    Set<Object> names = new HashSet<>();
    int space = 0;
    int rank = 0; // time 0, channel 1, space 2: must not decrease
    int times = 0;
    int channels = 0;
    for (int i = 0; i < axes.size(); i++) {
      String key = "multiscales[0].axes[" + i + "]";
      if (!(axes.get(i) instanceof Map<?, ?> axis) || !(axis.get("name") instanceof String name)) {
        out.add(key + ": must be an object with a \"name\"");
        continue;
      }
      if (!names.add(name)) {
        out.add(key + ".name \"" + name + "\": axis names must be unique");
      }
      Object type = axis.get("type");
      int r = "time".equals(type) ? 0 : "channel".equals(type) ? 1 : "space".equals(type) ? 2 : -1;
      if (r < 0) {
        out.add(key + ".type " + org.voxtile.Json.line(type) + ": voxtile reads only time, channel and space axes");
        continue;
      }
      if (r < rank) {
        out.add(key + ": axes must be time, then channel, then space");
      }
      rank = Math.max(rank, r);
      times += r == 0 ? 1 : 0;
      channels += r == 1 ? 1 : 0;
      space += r == 2 ? 1 : 0;
      if (r == 2 && axis.containsKey("unit") && !LENGTH_UNITS.contains(axis.get("unit"))) {
        out.add(key + ".unit " + org.voxtile.Json.line(axis.get("unit")) + ": must be a UDUNITS-2 length unit");
      }
    }
    if (space < 2 || space > 3 || times > 1 || channels > 1) {
      out.add("multiscales[0].axes: need 2 or 3 space axes and at most one time and one channel axis");
    }
    return axes.size();
  }

  private static void checkTransformations(Object value, int axisCount, String key, List<String> out) {
    String at = key + ".coordinateTransformations";
    if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > 2) {
      out.add(at + ": must be a scale, then at most one translation");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String type = i == 0 ? "scale" : "translation";
      if (!(list.get(i) instanceof Map<?, ?> t) || !type.equals(t.get("type"))) {
        out.add(at + "[" + i + "]: must be a " + type + (i == 0 ? " (scale first, then translation)" : ""));
        continue;
      }
      if (!(t.get(type) instanceof List<?> v) || v.size() != axisCount
          || !v.stream().allMatch(x -> x instanceof Number)) {
        out.add(at + "[" + i + "]." + type + ": must be " + axisCount + " numbers, one per axis");
      }
    }
  }

  static boolean isSafeKey(Object path) {
    if (!(path instanceof String s) || s.isEmpty()) {
      return false;
    }
    for (String segment : s.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }
}
