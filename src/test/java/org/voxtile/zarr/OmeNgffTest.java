package org.voxtile.zarr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.network.pipeline.StrictYaml;
import org.voxtile.storage.Location;
import org.voxtile.volume.Affine;
import org.voxtile.volume.Orientation;
import org.voxtile.volume.SpatialUnit;
import org.voxtile.volume.Volume;

/** The NGFF 0.4 rules (OmeNgff's class comment) hold for what voxtile writes, and catch what breaks them. */
class OmeNgffTest {
  @TempDir Path dir;

  private static final Orientation OBLIQUE = new Orientation(Affine.ofRowMajor(
      0, -1.2, 0, 90, 1.1, 0, 0.1, -120, 0, 0, 2.5, -60, 0, 0, 0, 1), new double[] {1.1, 1.2, 2.5}, SpatialUnit.MM);

  @Test
  void theWrittenImageKeepsTheRulesAndReadsBackWithItsFullAffine() throws Exception {
    ZarrImage image = ZarrImage.create(Location.of(dir.resolve("out.ome.zarr")), "out", new long[] {5, 4, 3}, 2,
        new int[] {4, 4, 2}, ZarrDtype.FLOAT32, ZarrCompressor.ZLIB, OBLIQUE);
    Volume v = Volume.zeros(org.voxtile.geometry.Box.of(0, 0, 0, 4, 4, 2), 2);
    v.data()[3] = 1.5f;
    image.level0().writeChunks(v);
    image.writeMetadata();
    Object attrs = StrictYaml.loadJson(Files.readString(dir.resolve("out.ome.zarr/.zattrs")), "attrs");
    assertEquals(List.of(), OmeNgff.violations(attrs));
    Map<?, ?> ms = (Map<?, ?>) ((List<?>) ((Map<?, ?>) attrs).get("multiscales")).get(0);
    assertEquals(List.of("c", "z", "y", "x"),
        ((List<?>) ms.get("axes")).stream().map(a -> ((Map<?, ?>) a).get("name")).toList());
    assertEquals("millimeter", ((Map<?, ?>) ((List<?>) ms.get("axes")).get(3)).get("unit"));
    Map<?, ?> ds = (Map<?, ?>) ((List<?>) ms.get("datasets")).get(0);
    assertEquals("0", ds.get("path"));
    List<?> t = (List<?>) ds.get("coordinateTransformations");
    assertEquals(List.of(1.0, 2.5, 1.2, 1.1), ((Map<?, ?>) t.get(0)).get("scale")); // spacing, z y x
    assertEquals(List.of(0.0, -60.0, -120.0, 90.0), ((Map<?, ?>) t.get(1)).get("translation")); // origin
    assertEquals(Map.of("zarr_format", 2),
        StrictYaml.loadJson(Files.readString(dir.resolve("out.ome.zarr/.zgroup")), "g"));
    try (ZarrSource back = ZarrSource.open(Location.of(dir.resolve("out.ome.zarr")))) {
      assertEquals(OBLIQUE, back.orientation());
      assertEquals(1.5f, back.read(back.box()).data()[3]);
      assertEquals(2, back.channels());
    }
  }

  @Test
  void eachRuleNamesTheKeyItFindsBroken() {
    Map<String, Object> good = OmeNgff.attributes("x", OBLIQUE);
    assertEquals(List.of(), OmeNgff.violations(good));
    assertBroken("\"version\": \"0.4\"", "\"version\": \"0.3\"", "multiscales[0].version");
    assertBroken("\"unit\": \"millimeter\"", "\"unit\": \"mm\"", "multiscales[0].axes[1].unit");
    assertBroken("\"name\": \"y\"", "\"name\": \"z\"", "axis names must be unique");
    assertBroken("\"type\": \"channel\"", "\"type\": \"space\"", "2 or 3 space axes");
    assertBroken("\"path\": \"0\"", "\"path\": \"../0\"", "multiscales[0].datasets[0].path");
    assertBroken("\"type\": \"scale\"", "\"type\": \"translation\"", "coordinateTransformations[0]: must be a scale");
    assertBroken("\"scale\": [1.0, ", "\"scale\": [", "scale: must be 4 numbers");
    assertEquals(List.of("multiscales: must be a non-empty list"), OmeNgff.violations(Map.of("multiscales", List.of())));
  }

  private static void assertBroken(String from, String to, String expected) {
    String text = org.voxtile.Json.line(OmeNgff.attributes("x", OBLIQUE));
    assertTrue(text.contains(from), from);
    List<String> broken = OmeNgff.violations(StrictYaml.loadJson(text.replaceFirst(java.util.regex.Pattern.quote(from),
        java.util.regex.Matcher.quoteReplacement(to)), "t"));
    assertTrue(broken.stream().anyMatch(b -> b.contains(expected)), expected + " in " + broken);
  }
}
