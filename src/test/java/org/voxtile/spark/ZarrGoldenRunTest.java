package org.voxtile.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.geometry.Extent;
import org.voxtile.network.pipeline.StrictYaml;
import org.voxtile.spark.output.OutputFormat;
import org.voxtile.storage.Location;
import org.voxtile.zarr.ZarrArray;
import org.voxtile.zarr.ZarrSource;

/**
 * The facts zarr-python recorded about this run's OME-Zarr outputs (src/test/python/check_zarr_output.py,
 * which also checked them bit for bit against the run's NIfTI outputs and against the NGFF rules):
 * golden/zarr/golden_run_facts_NODE.json. The same run here must give the same shape, chunks, dtype,
 * compressor, fill value, values (sha256 of the little-endian C-order bytes) and multiscales entry.
 */
class ZarrGoldenRunTest {
  @TempDir
  Path temp;

  @Test
  void theOutputsAreWhatZarrPythonReadFromTheSameRun() throws Exception {
    Path golden = Path.of("src/test/resources/golden/spark");
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("t1", golden.resolve("t1.nii"));
    inputs.put("t2", golden.resolve("t2.nii"));
    Path out = temp.resolve("out");
    VoxtileJob.run(SparkTestSession.get(), RunPlan.single(golden.resolve("pipeline.yaml"), Scan.ofFiles("scan", inputs),
        out).withTile(Extent.of(4, 6, 4)).withFormat(OutputFormat.ZARR), new PrintStream(new ByteArrayOutputStream()));
    for (String node : List.of("up", "p1")) {
      Map<?, ?> facts = (Map<?, ?>) StrictYaml.loadJson(Files.readString(
          Path.of("src/test/resources/golden/zarr/golden_run_facts_" + node + ".json")), node);
      Path image = out.resolve(node + ".ome.zarr");
      ZarrArray array = ZarrArray.open(Location.of(image.resolve("0")));
      assertEquals(facts.get("shape"), Arrays.stream(array.metadata().shape()).boxed().map(Long::intValue).toList(), node);
      assertEquals(facts.get("chunks"), Arrays.stream(array.metadata().chunks()).boxed().toList(), node);
      assertEquals(facts.get("dtype"), array.metadata().dtype().label(), node);
      assertEquals(facts.get("compressor"), Map.of("id", array.metadata().compressor().id(),
          "level", array.metadata().compressor().level()), node);
      assertEquals(((Number) facts.get("fill_value")).doubleValue(), array.metadata().fillValue(), node);
      float[] values;
      try (ZarrSource source = ZarrSource.open(Location.of(image))) {
        values = source.read(source.box()).data(); // (c, z, y, x), x fastest: C order
      }
      ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(values);
      assertEquals(facts.get("values_sha256"),
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array())), node + " values");
      Map<?, ?> attrs = (Map<?, ?>) StrictYaml.loadJson(Files.readString(image.resolve(".zattrs")), node);
      assertEquals(facts.get("multiscales"), ((List<?>) attrs.get("multiscales")).get(0), node + " multiscales");
    }
  }
}
