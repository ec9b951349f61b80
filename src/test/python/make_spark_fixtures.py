"""Golden fixture for the Spark job: a small two-input pipeline with trained-style weights
(from a .safetensors file), computed by PyTorch on a whole random scan.

    /usr/bin/python3 src/test/python/make_spark_fixtures.py

Writes src/test/resources/golden/spark/: t1.nii, t2.nii (float32, affine 1.5 mm with an origin),
weights.safetensors, pipeline.yaml, expected_out.nii (x, y, z, channel; PyTorch's output) and
expected_pooled.nii. VoxtileJobTest runs the pipeline tiled on Spark and compares (1e-5 relative:
PyTorch's convolution sums in another order than voxtile's fixed order).
"""
import os
import sys

import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from make_safetensors_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join("src", "test", "resources", "golden", "spark")
PIPELINE = """# golden pipeline: conv, relu, max pool, transposed conv (weights from weights.safetensors)
name: golden
inputs: [t1, t2]
weights: weights.safetensors
nodes:
  - {name: c1, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: a1, op: relu}
  - {name: p1, op: max_pool3d, kernel_size: 2, stride: 2}
  - {name: c2, op: conv3d, out_channels: 3, kernel_size: 3, padding: 2, dilation: 2}
  - {name: up, op: conv_transpose3d, out_channels: 2, kernel_size: 2, stride: 2}
outputs: [up, p1]
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20261128)
    shape = (14, 12, 16)
    x = torch.randn((1, 2) + shape, generator=g)
    w = {
        "c1.weight": torch.randn(4, 2, 3, 3, 3, generator=g) * 0.3,
        "c1.bias": torch.randn(4, generator=g) * 0.1,
        "c2.weight": torch.randn(3, 4, 3, 3, 3, generator=g) * 0.2,
        "c2.bias": torch.randn(3, generator=g) * 0.1,
        "up.weight": torch.randn(3, 2, 2, 2, 2, generator=g) * 0.5,
        "up.bias": torch.randn(2, generator=g) * 0.1,
    }
    with torch.no_grad():
        a1 = F.relu(F.conv3d(x, w["c1.weight"], w["c1.bias"], padding=1))
        p1 = F.max_pool3d(a1, 2, 2)
        c2 = F.conv3d(p1, w["c2.weight"], w["c2.bias"], padding=2, dilation=2)
        up = F.conv_transpose3d(c2, w["up.weight"], w["up.bias"], stride=2)
    affine = np.array([[1.5, 0, 0, -10], [0, 1.5, 0, -8], [0, 0, 1.5, 4], [0, 0, 0, 1]])
    for c, name in enumerate(["t1", "t2"]):
        nib.save(nib.Nifti1Image(x[0, c].numpy().astype(np.float32), affine), os.path.join(OUT, name + ".nii"))
    for name, t in [("out", up), ("pooled", p1)]:
        data = np.moveaxis(t[0].numpy().astype(np.float32), 0, -1)  # (C, X, Y, Z) -> (X, Y, Z, C)
        nib.save(nib.Nifti1Image(data, affine), os.path.join(OUT, "expected_" + name + ".nii"))
    write_safetensors(os.path.join(OUT, "weights.safetensors"), w)
    with open(os.path.join(OUT, "pipeline.yaml"), "w") as f:
        f.write(PIPELINE)


if __name__ == "__main__":
    main()
