"""Golden importance maps for sliding-window blending: MONAI's compute_importance_map (MONAI 0.9
to 1.x) reimplemented in PyTorch (no MONAI package here), for a few window shapes and sigma scales.

    /usr/bin/python3 src/test/python/make_window_fixtures.py

Writes src/test/resources/golden/windows/<name>.bin (float32 little endian, x fastest: voxtile's
order) and manifest.txt: '<name> roi=X,Y,Z sigma=SX,SY,SZ'. ImportanceMapTest compares.
"""
import os

import numpy as np
import torch

OUT = os.path.join("src", "test", "resources", "golden", "windows")
CASES = [
    ("cube16", (16, 16, 16), (0.125, 0.125, 0.125)),
    ("odd_aniso", (9, 14, 5), (0.125, 0.25, 0.5)),
    ("narrow", (7, 3, 12), (0.05, 0.125, 0.125)),  # sigma so small that the 1e-3 floor applies
]


def importance_map(patch_size, sigma_scale):
    """MONAI's gaussian branch and its clamp of non-positive weights, line by line."""
    sigmas = [i * s for i, s in zip(patch_size, sigma_scale)]
    importance = None
    for i in range(len(patch_size)):
        x = torch.arange(start=-(patch_size[i] - 1) / 2.0, end=(patch_size[i] - 1) / 2.0 + 1, dtype=torch.float)
        x = torch.exp(x ** 2 / (-2 * sigmas[i] ** 2))
        importance = importance.unsqueeze(-1) * x[(None,) * i] if i > 0 else x
    min_non_zero = max(torch.min(importance).item(), 1e-3)
    return torch.clamp_(importance.to(torch.float), min=min_non_zero)


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []
    for name, roi, sigma in CASES:
        m = importance_map(roi, sigma)  # indexed [x, y, z]
        np.ascontiguousarray(m.permute(2, 1, 0).numpy().astype('<f4')).tofile(os.path.join(OUT, name + ".bin"))
        lines.append("%s roi=%s sigma=%s" % (name, ",".join(map(str, roi)), ",".join(map(repr, sigma))))
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
