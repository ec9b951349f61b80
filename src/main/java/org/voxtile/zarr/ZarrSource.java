package org.voxtile.zarr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.voxtile.geometry.Box;
import org.voxtile.network.pipeline.StrictYaml;
import org.voxtile.nifti.VolumeReader;
import org.voxtile.storage.Location;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;
import org.voxtile.volume.Volume;

/**
 * A Zarr input ({@code --input t1=t1.zarr}) read by region: a Zarr v2 array (z, y, x) or (c, z, y,
 * x), or an OME-Zarr image group, of which the first multiscale's first dataset (full resolution)
 * is read. Geometry: the affine under {@code voxtile.affine} in the array's or the group's
 * {@code .zattrs} when present (what voxtile writes), else NGFF's scale and translation of that
 * dataset (an axis-aligned grid), else the identity with 1 mm voxels. Every metadata problem is
 * found on open and named by array and key ({@link InvalidZarrException}).
 */
public final class ZarrSource implements VolumeReader {
  private final String name;
  private final ZarrArray array;
  private final Orientation orientation;

  private ZarrSource(String name, ZarrArray array, Orientation orientation) {
    this.name = name;
    this.array = array;
    this.orientation = orientation;
  }

  /** Whether {@code at} is a directory holding a Zarr array or group (not a NIfTI file). */
  public static boolean isZarr(Location at) {
    return at.isDirectory() && (at.resolve(ZarrArray.ZARRAY).exists() || at.resolve(OmeNgff.ZGROUP).exists()
        || at.resolve(OmeNgff.ZATTRS).exists());
  }

  /**
   * Opens the array or image at {@code at}: metadata only.
   *
   * @throws InvalidZarrException naming the array (or group) and the key at fault
   */
  public static ZarrSource open(Location at) {
    String name = at.toString();
    if (at.resolve(ZarrArray.ZARRAY).isFile()) {
      ZarrArray array = ZarrArray.open(at);
      Object attrs = attributes(at);
      Orientation o = attrs == null ? null : voxtileOrientation(attrs, name);
      return new ZarrSource(name, array, o != null ? o : Orientation.of(Affine.IDENTITY));
    }
    Object attrs = attributes(at);
    if (attrs == null) {
      throw new InvalidZarrException(name, "neither .zarray nor .zattrs: not a Zarr array or OME-Zarr image");
    }
    List<String> broken = OmeNgff.violations(attrs);
    if (!broken.isEmpty()) {
      throw new InvalidZarrException(name, ".zattrs " + broken.get(0) + " (OME-NGFF 0.4)");
    }
    Map<?, ?> multiscale = (Map<?, ?>) ((List<?>) ((Map<?, ?>) attrs).get("multiscales")).get(0);
    List<?> axes = (List<?>) multiscale.get("axes");
    Map<?, ?> dataset = (Map<?, ?>) ((List<?>) multiscale.get("datasets")).get(0);
    String path = (String) dataset.get("path");
    checkAxes(axes, name);
    Location dir = at;
    for (String segment : path.split("/")) {
      dir = dir.resolve(segment);
    }
    ZarrArray array = ZarrArray.open(dir);
    if (array.metadata().axes() != axes.size()) {
      throw new InvalidZarrException(name, ".zattrs multiscales[0].axes has " + axes.size() + " axes but the array '"
          + path + "' has " + array.metadata().axes());
    }
    Orientation o = voxtileOrientation(attrs, name);
    if (o == null) {
      o = ngffOrientation(dataset, axes);
    }
    return new ZarrSource(name + "/" + path, array, o);
  }

  /** OME axes voxtile reads: [c,] z, y, x in that order, by name. */
  private static void checkAxes(List<?> axes, String name) {
    List<String> names = axes.stream().map(a -> String.valueOf(((Map<?, ?>) a).get("name"))).toList();
    if (!(names.equals(List.of("z", "y", "x")) || names.size() == 4 && names.subList(1, 4).equals(List.of("z", "y", "x"))
        && "channel".equals(((Map<?, ?>) axes.get(0)).get("type")))) {
      throw new InvalidZarrException(name, ".zattrs multiscales[0].axes are " + names
          + ": voxtile reads [z, y, x] or [c, z, y, x] (a channel axis first)");
    }
  }

  /** The {@code .zattrs} of {@code dir} parsed, or null when absent. */
  private static Object attributes(Location dir) {
    Location file = dir.resolve(OmeNgff.ZATTRS);
    if (!file.isFile()) {
      return null;
    }
    try (InputStream in = file.readable().openStream()) {
      String text = new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
      return StrictYaml.loadJson(text, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new InvalidZarrException(dir.toString(), ".zattrs is not valid JSON: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  /** The orientation under {@code voxtile}, or null when there is none. */
  private static Orientation voxtileOrientation(Object attrs, String name) {
    if (!(attrs instanceof Map<?, ?> map) || !map.containsKey(OmeNgff.VOXTILE)) {
      return null;
    }
    String key = ".zattrs key '" + OmeNgff.VOXTILE + ".affine'";
    if (!(map.get(OmeNgff.VOXTILE) instanceof Map<?, ?> own) || !(own.get("affine") instanceof List<?> rows)
        || rows.size() != 4) {
      throw new InvalidZarrException(name, key + " must be 4 rows of 4 numbers");
    }
    double[] m = new double[16];
    for (int r = 0; r < 4; r++) {
      if (!(rows.get(r) instanceof List<?> row) || row.size() != 4 || !row.stream().allMatch(v -> v instanceof Number)) {
        throw new InvalidZarrException(name, key + " must be 4 rows of 4 numbers");
      }
      for (int c = 0; c < 4; c++) {
        m[r * 4 + c] = ((Number) row.get(c)).doubleValue();
      }
    }
    if (m[12] != 0 || m[13] != 0 || m[14] != 0 || m[15] != 1 || !java.util.Arrays.stream(m).allMatch(Double::isFinite)) {
      throw new InvalidZarrException(name, key + " must be finite with last row [0, 0, 0, 1]");
    }
    Affine affine = Affine.ofRowMajor(m);
    SpatialUnit unit = own.containsKey("unit") ? unitOfSymbol(own.get("unit")) : SpatialUnit.MM;
    if (own.get("spacing") instanceof List<?> s && s.size() == 3 && s.stream().allMatch(v -> v instanceof Number)) {
      return new Orientation(affine, new double[] {((Number) s.get(0)).doubleValue(),
          ((Number) s.get(1)).doubleValue(), ((Number) s.get(2)).doubleValue()}, unit);
    }
    return new Orientation(affine, affine.voxelSizes(), unit);
  }

  private static SpatialUnit unitOfSymbol(Object symbol) {
    for (SpatialUnit u : SpatialUnit.values()) {
      if (u.symbol().equals(symbol)) {
        return u;
      }
    }
    return SpatialUnit.UNKNOWN;
  }

  /** NGFF's scale then translation of the last three (z, y, x) axes, as an axis-aligned affine. */
  private static Orientation ngffOrientation(Map<?, ?> dataset, List<?> axes) {
    List<?> transforms = (List<?>) dataset.get("coordinateTransformations");
    List<?> scale = (List<?>) ((Map<?, ?>) transforms.get(0)).get("scale");
    List<?> translation = transforms.size() > 1 ? (List<?>) ((Map<?, ?>) transforms.get(1)).get("translation") : null;
    int n = axes.size();
    double[] s = new double[3];
    double[] t = new double[3];
    for (int d = 0; d < 3; d++) { // d = x, y, z: the last, second last, third last axis
      s[d] = ((Number) scale.get(n - 1 - d)).doubleValue();
      t[d] = translation == null ? 0 : ((Number) translation.get(n - 1 - d)).doubleValue();
    }
    Affine affine = Affine.ofRowMajor(s[0], 0, 0, t[0], 0, s[1], 0, t[1], 0, 0, s[2], t[2], 0, 0, 0, 1);
    return new Orientation(affine, new double[] {Math.abs(s[0]), Math.abs(s[1]), Math.abs(s[2])},
        OmeNgff.unitOf(((Map<?, ?>) axes.get(n - 1)).get("unit")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Box box() {
    return array.box();
  }

  @Override
  public int channels() {
    return array.channels();
  }

  @Override
  public Orientation orientation() {
    return orientation;
  }

  @Override
  public long bytesRead() {
    return array.bytesRead();
  }

  @Override
  public Volume read(Box region) {
    return array.read(region).withOrientation(orientation);
  }

  /** Nothing to release: each chunk is read and closed on its own. */
  @Override
  public void close() {}
}
