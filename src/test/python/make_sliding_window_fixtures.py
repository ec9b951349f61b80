"""Golden sliding-window runs: MONAI's sliding_window_inference (MONAI 1.x: _get_scan_interval,
dense_patch_slices, compute_importance_map, constant padding and the crop back) transcribed into
PyTorch, on a small network with instance norm (so per-window statistics matter).

    /usr/bin/python3 src/test/python/make_sliding_window_fixtures.py

Writes src/test/resources/golden/sliding/: pipeline.yaml, weights.safetensors, input.bin (2
channels, float32 little endian, x fastest), <case>.bin (the blended output, same layout) and
manifest.txt: '<case> roi=X,Y,Z overlap=O blend=constant|gaussian sigma=S'. The scan (23x17x11)
is smaller than the window on z in every case, so the padding and crop are exercised.
SlidingWindowRunnerTest compares.
"""
import itertools
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from make_safetensors_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join("src", "test", "resources", "golden", "sliding")
PIPELINE = """# golden sliding-window network: instance norm makes each window's statistics its own
name: sliding
inputs: [t1, t2]
weights: weights.safetensors
nodes:
  - {name: c1, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: n1, op: instance_norm, affine: true}
  - {name: a1, op: leaky_relu, negative_slope: 0.01}
  - {name: out, op: conv3d, out_channels: 2, kernel_size: 3, padding: 1}
outputs: [out]
"""
SCAN = (23, 17, 11)
CASES = [
    ("constant_q", (10, 12, 14), 0.25, "constant", 0.125),
    ("constant_h", (10, 12, 14), 0.5, "constant", 0.125),
    ("gaussian_q", (10, 12, 14), 0.25, "gaussian", 0.125),
    ("gaussian_h_aniso", (8, 16, 14), 0.5, "gaussian", 0.125),
]


def network(x, w):
    y = F.conv3d(x, w["c1.weight"], w["c1.bias"], padding=1)
    y = F.instance_norm(y, weight=w["n1.weight"], bias=w["n1.bias"], eps=1e-5)
    y = F.leaky_relu(y, 0.01)
    return F.conv3d(y, w["out.weight"], w["out.bias"], padding=1)


def scan_interval(image, roi, overlap):
    out = []
    for i in range(3):
        if roi[i] == image[i]:
            out.append(int(roi[i]))
        else:
            interval = int(roi[i] * (1 - overlap))
            out.append(interval if interval > 0 else 1)
    return out


def starts(image, roi, interval):
    result = []
    for d in range(3):
        num = int(math.ceil(float(image[d]) / interval[d]))
        scan_dim = next((i for i in range(num) if i * interval[d] + roi[d] >= image[d]), None)
        n = scan_dim + 1 if scan_dim is not None else 1
        result.append([i * interval[d] - max(i * interval[d] + roi[d] - image[d], 0) for i in range(n)])
    return result


def importance(roi, mode, sigma_scale):
    if mode == "constant":
        m = torch.ones(roi, dtype=torch.float)
    else:
        sigmas = [i * sigma_scale for i in roi]
        m = None
        for i in range(3):
            x = torch.arange(start=-(roi[i] - 1) / 2.0, end=(roi[i] - 1) / 2.0 + 1, dtype=torch.float)
            x = torch.exp(x ** 2 / (-2 * sigmas[i] ** 2))
            m = m.unsqueeze(-1) * x[(None,) * i] if i > 0 else x
    min_non_zero = max(torch.min(m).item(), 1e-3)
    return torch.clamp_(m.to(torch.float), min=min_non_zero)


def sliding_window(x, w, roi, overlap, mode, sigma_scale, cval=0.0, net=network):
    """MONAI's sliding_window_inference of net(window, w) over x (1, C, X, Y, Z), sw_batch_size 1."""
    image_ = list(x.shape[2:])
    image = [max(image_[i], roi[i]) for i in range(3)]
    pad = []
    for k in range(4, 1, -1):
        diff = max(roi[k - 2] - x.shape[k], 0)
        pad.extend([diff // 2, diff - diff // 2])
    if max(pad) > 0:
        x = F.pad(x, pad=pad, mode="constant", value=cval)
    interval = scan_interval(image, roi, overlap)
    imp = importance(roi, mode, sigma_scale)
    out, count = None, torch.zeros([1, 1] + image)
    for s in itertools.product(*starts(image, roi, interval)):
        sl = tuple(slice(s[d], s[d] + roi[d]) for d in range(3))
        y = net(x[(slice(None), slice(None)) + sl], w)
        if out is None:
            out = torch.zeros([1, y.shape[1]] + image)
        out[(slice(None), slice(None)) + sl] += imp * y
        count[(slice(None), slice(None)) + sl] += imp
    for c in range(out.shape[1]):
        out[:, c:c + 1] /= count
    crop = tuple(slice(pad[(2 - d) * 2], pad[(2 - d) * 2] + image_[d]) for d in range(3))
    return out[(slice(None), slice(None)) + crop]


def write(t, path):  # (C, X, Y, Z) -> x fastest
    np.ascontiguousarray(t.permute(0, 3, 2, 1).numpy().astype("<f4")).tofile(path)


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20261208)
    x = torch.randn((1, 2) + SCAN, generator=g)
    w = {
        "c1.weight": torch.randn(4, 2, 3, 3, 3, generator=g) * 0.3, "c1.bias": torch.randn(4, generator=g) * 0.1,
        "n1.weight": 1 + 0.2 * torch.randn(4, generator=g), "n1.bias": 0.1 * torch.randn(4, generator=g),
        "out.weight": torch.randn(2, 4, 3, 3, 3, generator=g) * 0.3, "out.bias": torch.randn(2, generator=g) * 0.1,
    }
    write(x[0], os.path.join(OUT, "input.bin"))
    lines = []
    with torch.no_grad():
        for name, roi, overlap, mode, sigma in CASES:
            write(sliding_window(x, w, roi, overlap, mode, sigma)[0], os.path.join(OUT, name + ".bin"))
            lines.append("%s roi=%s overlap=%r blend=%s sigma=%r" % (name, ",".join(map(str, roi)), overlap, mode, sigma))
    write_safetensors(os.path.join(OUT, "weights.safetensors"), w)
    with open(os.path.join(OUT, "pipeline.yaml"), "w") as f:
        f.write(PIPELINE)
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("scan=%s\n" % ",".join(map(str, SCAN)) + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
