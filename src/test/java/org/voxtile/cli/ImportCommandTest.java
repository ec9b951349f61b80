package org.voxtile.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voxtile.cli.MainTest.Result;
import org.voxtile.geometry.Box;
import org.voxtile.geometry.Extent;
import org.voxtile.network.Pipeline;
import org.voxtile.network.onnx.OnnxImport;
import org.voxtile.network.pipeline.NodeSpec;
import org.voxtile.network.pipeline.PipelineSpec;
import org.voxtile.network.weights.Weights;
import org.voxtile.nifti.NiftiReader;
import org.voxtile.nifti.NiftiWriteOptions;
import org.voxtile.nifti.NiftiWriter;
import org.voxtile.volume.Volume;

/**
 * {@code voxtile import} writes a pipeline file that reads back as the imported pipeline and a
 * weights file of the model's tensors; {@code voxtile run MODEL.onnx} and {@code run} of the
 * imported file give the same bytes, and they are PyTorch's output within 1e-4 of its largest value.
 */
class ImportCommandTest {
  static final Path MODELS = Path.of("src", "test", "resources", "golden", "onnx");

  @TempDir Path dir;

  @Test
  void writesAPipelineThatReadsBackAsTheImportAndItsWeights() {
    Path yaml = dir.resolve("unet.yaml");
    Result r = MainTest.run("import", MODELS.resolve("nnunet.onnx").toString(), yaml.toString(), "--inputs", "t1,t2");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("35 nodes"), r.out());
    PipelineSpec written = Pipeline.read(yaml);
    OnnxImport.Imported imported = OnnxImport.read(MODELS.resolve("nnunet.onnx"), List.of("t1", "t2"));
    assertEquals(imported.spec().inputs(), written.inputs());
    assertEquals(imported.spec().outputs(), written.outputs());
    assertEquals(imported.spec().nodes().size(), written.nodes().size());
    for (int i = 0; i < written.nodes().size(); i++) {
      NodeSpec a = imported.spec().nodes().get(i);
      NodeSpec b = written.nodes().get(i);
      assertEquals(List.of(a.name(), a.op(), a.inputs(), a.args().values()),
          List.of(b.name(), b.op(), b.inputs(), b.args().values()), a.name());
    }
    assertEquals(Optional.of(dir.resolve("unet.safetensors")), written.weights());
    Weights weights = Weights.read(dir.resolve("unet.safetensors"));
    assertEquals(imported.weights().names(), weights.names());
    assertEquals(imported.weights().tensors().stream().toList(), weights.tensors().stream().toList());
    assertTrue(weights.names().contains("enc0.0.conv.weight"), "PyTorch's state-dict names: " + weights.names());
  }

  @Test
  void refusesToReplaceFilesWithoutOverwrite() throws IOException {
    Path yaml = Files.writeString(dir.resolve("p.yaml"), "mine\n");
    Result r = MainTest.run("import", MODELS.resolve("nnunet.onnx").toString(), yaml.toString());
    assertEquals(1, r.status());
    assertEquals("voxtile: " + yaml + ": exists; give --overwrite to replace it", r.err().strip());
    assertEquals("mine\n", Files.readString(yaml));
  }

  @Test
  void runOfTheModelAndOfItsImportGiveTheSameBytesAndPyTorchsValues() throws IOException {
    Extent extent = Extent.of(12, 16, 8);
    float[] input = floats(MODELS.resolve("nnunet.input.bin"));
    int voxels = 12 * 16 * 8;
    Path t1 = NiftiWriter.write(dir.resolve("t1.nii"), Volume.wrap(Box.of(extent), 1,
        java.util.Arrays.copyOfRange(input, 0, voxels)), NiftiWriteOptions.DEFAULTS);
    Path t2 = NiftiWriter.write(dir.resolve("t2.nii"), Volume.wrap(Box.of(extent), 1,
        java.util.Arrays.copyOfRange(input, voxels, 2 * voxels)), NiftiWriteOptions.DEFAULTS);
    Path yaml = dir.resolve("unet.yaml");
    assertEquals(0, MainTest.run("import", MODELS.resolve("nnunet.onnx").toString(), yaml.toString(),
        "--inputs", "t1,t2").status());
    byte[][] outputs = new byte[2][];
    String[] pipelines = {MODELS.resolve("nnunet.onnx").toString(), yaml.toString()};
    for (int k = 0; k < 2; k++) {
      Path out = dir.resolve("out" + k);
      Result r = MainTest.run("run", pipelines[k], "--input", "t1=" + t1, "--input", "t2=" + t2, "--output",
          out.toString(), "--tile", "4,8,4", "--master", "local[2]");
      assertEquals(0, r.status(), r.err());
      outputs[k] = Files.readAllBytes(out.resolve("output.nii.gz"));
      if (k == 0) {
        float[] got;
        try (NiftiReader reader = NiftiReader.open(out.resolve("output.nii.gz"))) {
          got = reader.readAll().data();
        }
        float[] expected = floats(MODELS.resolve("nnunet.expected.bin"));
        double max = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
          max = Math.max(max, Math.abs(expected[i]));
        }
        for (int i = 0; i < expected.length; i++) {
          worst = Math.max(worst, Math.abs(expected[i] - got[i]) / max);
        }
        assertTrue(worst < 1e-4, "largest error " + worst + " of the largest output");
      }
    }
    assertArrayEquals(outputs[0], outputs[1], "run MODEL.onnx == run of the imported pipeline");
  }

  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(out);
    return out;
  }
}
