"""Golden fixture for label-map outputs: a small segmentation head (conv, relu, conv to 4 class
logits, softmax over channels, argmax) computed by PyTorch in float64 on a random two-channel
scan, with trained-style weights from a .safetensors file.

    /usr/bin/python3 src/test/python/make_label_fixtures.py

Writes src/test/resources/golden/labels/: t1.nii, t2.nii, weights.safetensors, pipeline.yaml
(outputs: probs as float32, labels as uint8), expected_probs.nii (x, y, z, class; float32 of the
float64 result), expected_labels.nii (uint8, torch's probs.argmax(1)) and margin.nii (float32,
the top probability minus the second: where it exceeds 1e-5 the labels must agree exactly).
LabelMapGoldenTest runs the pipeline tiled on Spark and compares.
"""
import os
import sys

import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from make_safetensors_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join("src", "test", "resources", "golden", "labels")
PIPELINE = """# golden segmentation head: class probabilities and the label map (argmax) as uint8
name: labels
inputs: [t1, t2]
weights: weights.safetensors
nodes:
  - {name: c1, op: conv3d, out_channels: 6, kernel_size: 3, padding: 1}
  - {name: a1, op: relu}
  - {name: logits, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: probs, op: softmax}
  - {name: labels, op: argmax}
outputs: [probs, {node: labels, datatype: uint8}]
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20261208)
    shape = (13, 11, 9)
    x = torch.randn((1, 2) + shape, generator=g)
    w = {
        "c1.weight": torch.randn(6, 2, 3, 3, 3, generator=g) * 0.4,
        "c1.bias": torch.randn(6, generator=g) * 0.1,
        "logits.weight": torch.randn(4, 6, 3, 3, 3, generator=g) * 0.3,
        "logits.bias": torch.randn(4, generator=g) * 0.2,
    }
    with torch.no_grad():
        d = {k: v.double() for k, v in w.items()}
        a1 = F.relu(F.conv3d(x.double(), d["c1.weight"], d["c1.bias"], padding=1))
        logits = F.conv3d(a1, d["logits.weight"], d["logits.bias"], padding=1)
        probs = torch.softmax(logits, dim=1)
        labels = probs.argmax(1)
        top2 = probs.topk(2, dim=1).values
        margin = top2[:, 0] - top2[:, 1]
    affine = np.array([[-1.2, 0, 0, 30], [0, 1.2, 0, -20], [0, 0, 2.0, 5], [0, 0, 0, 1]])  # LAS
    for c, name in enumerate(["t1", "t2"]):
        nib.save(nib.Nifti1Image(x[0, c].numpy().astype(np.float32), affine), os.path.join(OUT, name + ".nii"))
    nib.save(nib.Nifti1Image(np.moveaxis(probs[0].numpy().astype(np.float32), 0, -1), affine),
             os.path.join(OUT, "expected_probs.nii"))
    lab = nib.Nifti1Image(labels[0].numpy().astype(np.uint8), affine)
    lab.set_data_dtype(np.uint8)
    nib.save(lab, os.path.join(OUT, "expected_labels.nii"))
    nib.save(nib.Nifti1Image(margin[0].numpy().astype(np.float32), affine), os.path.join(OUT, "margin.nii"))
    write_safetensors(os.path.join(OUT, "weights.safetensors"), w)
    with open(os.path.join(OUT, "pipeline.yaml"), "w") as f:
        f.write(PIPELINE)
    print("classes", np.bincount(labels.numpy().ravel(), minlength=4), "small margins",
          int((margin < 1e-5).sum()))


if __name__ == "__main__":
    main()
