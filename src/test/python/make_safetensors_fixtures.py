#!/usr/bin/python3
"""Golden .safetensors fixtures for org.voxtile.network (SafetensorsTest, SeededInitTest).

Run from the repository root with Debian's Python (python3-torch 1.13):

    /usr/bin/python3 src/test/python/make_safetensors_fixtures.py

The `safetensors` Python package is not available here (no Debian package), so files are written
by hand following the format spec: u64 little-endian header length N, N bytes of compact UTF-8
JSON ({"__metadata__": {...}, "<name>": {"dtype", "shape", "data_offsets"}, ...}) padded with
spaces to a multiple of 8, then the data buffer with tensors in name order. That is the layout of
the reference serializer for files whose tensors share one dtype.

Writes into src/test/resources/golden/network/:
  <case>.safetensors    the file under test
  <case>.expected.bin   float32 little-endian values torch gives by `.float()`, tensors in name
                        order, skipping *.num_batches_tracked
  expected.txt          one line per expected tensor: `<case> <name> <dtype> <d0,d1,...>`
  init_bounds.txt       PyTorch's default-init bound per module: `<op> <weight shape> <fan_in>
                        <bound> <max|weight|> <max|bias|>`
  seeded.safetensors    voxtile's `init: {seed: 7}` recipe (org.voxtile.network.weights.SeededInit), replayed
                        here independently: c1 = conv3d(2 -> 4, k 3), up = conv_transpose3d(4 -> 3, k 2)
"""
import json
import math
import os
import struct
import sys

import torch

OUT = os.path.join("src", "test", "resources", "golden", "network")
LABELS = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.float64: "F64", torch.int64: "I64"}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    data = b""
    for name in sorted(tensors):
        t = tensors[name]
        b = raw_bytes(t)
        header[name] = {"dtype": LABELS[t.dtype], "shape": list(t.shape),
                        "data_offsets": [len(data), len(data) + len(b)]}
        data += b
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


manifest = []


def case(name, tensors, metadata=None):
    write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors, metadata)
    expected = b""
    for tname in sorted(tensors):
        t = tensors[tname]
        if tname.endswith(".num_batches_tracked") or not t.dtype.is_floating_point:
            continue
        expected += t.float().contiguous().numpy().tobytes()
        manifest.append("%s %s %s %s" % (name, tname, LABELS[t.dtype], ",".join(str(d) for d in t.shape)))
    with open(os.path.join(OUT, name + ".expected.bin"), "wb") as f:
        f.write(expected)


def main():
    assert sys.byteorder == "little"
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20261128)

    def randn(*shape, dtype=torch.float32):
        return torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)

    case("f32", {"c1.weight": randn(4, 2, 3, 3, 3), "c1.bias": randn(4)}, {"format": "pt"})

    half_specials = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.103515625e-05, 5.960464477539063e-08,
                                  1e-5, -3e-7, float("inf"), float("-inf")], dtype=torch.float16)
    case("f16", {"x.weight": randn(3, 5, dtype=torch.float16), "specials": half_specials})

    bf16_specials = torch.tensor([0.0, -0.0, 1.0, -2.5, 3.3895313892515355e38, 1.1754943508222875e-38,
                                  9.2e-41, float("inf"), float("-inf")], dtype=torch.bfloat16)
    case("bf16", {"x.weight": randn(3, 5, dtype=torch.bfloat16), "specials": bf16_specials})

    # F64 -> float32 rounds to nearest even: 1 + 2^-24 is a tie (rounds down to 1),
    # 1 + 3 * 2^-24 a tie that rounds up; 3.5e38 overflows to inf; 1e-46 underflows to 0.
    f64_specials = torch.tensor([0.1, -0.0, 1e-40, 1e-46, 3.5e38, -3.5e38,
                                 1 + 2 ** -24, 1 + 3 * 2 ** -24, math.pi], dtype=torch.float64)
    case("f64", {"x.weight": randn(2, 3, 4, dtype=torch.float64), "specials": f64_specials})

    # A real BatchNorm3d state dict: num_batches_tracked is int64 and skipped.
    bn = torch.nn.BatchNorm3d(3)
    with torch.no_grad():
        bn.weight.copy_(randn(3))
        bn.bias.copy_(randn(3))
        bn.running_mean.copy_(randn(3))
        bn.running_var.copy_(randn(3).abs())
    case("batchnorm", {"bn." + k: v for k, v in bn.state_dict().items()})

    # A non-float tensor that is not a BatchNorm counter: an error.
    case("int64", {"c1.weight": randn(2, 2), "c1.steps": torch.arange(4, dtype=torch.int64)})

    # The Java writer must produce these exact bytes from the same tensors and metadata.
    case("written_reference", {"up.weight": randn(3, 2, 2, 2, 2), "c1.bias": randn(2),
                               "c1.weight": randn(2, 1, 3, 3, 3)},
         {"format": "pt", "source": "voxtile test \u00e9"})

    # axes: zyx weight (out, in, kz, ky, kx) = (2, 1, 2, 3, 4) and its (x, y, z) form from torch.
    zyx = randn(2, 1, 2, 3, 4)
    case("zyx", {"c.weight": zyx, "c.weight_xyz": zyx.permute(0, 1, 4, 3, 2).contiguous()})

    with open(os.path.join(OUT, "expected.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")

    # PyTorch's default init bounds, from real modules (torch.nn.modules.conv reset_parameters).
    torch.manual_seed(7)
    lines = []
    modules = [("conv3d", torch.nn.Conv3d(2, 16, 3)),
               ("conv3d", torch.nn.Conv3d(4, 8, (1, 3, 5), groups=2)),
               ("conv3d", torch.nn.Conv3d(6, 6, 3, groups=6)),
               ("conv_transpose3d", torch.nn.ConvTranspose3d(16, 8, 2, stride=2)),
               ("conv_transpose3d", torch.nn.ConvTranspose3d(4, 6, (2, 3, 1), groups=2))]
    for op, m in modules:
        fan_in, _ = torch.nn.init._calculate_fan_in_and_fan_out(m.weight)
        lines.append("%s %s %d %.17g %.17g %.17g" % (
            op, ",".join(str(d) for d in m.weight.shape), fan_in, 1 / math.sqrt(fan_in),
            m.weight.abs().max().item(), m.bias.abs().max().item()))
    with open(os.path.join(OUT, "init_bounds.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")

    write_safetensors(os.path.join(OUT, "seeded.safetensors"), {
        **seeded_conv("c1", 7, (4, 2, 3, 3, 3), 4),
        **seeded_conv("up", 7, (4, 3, 2, 2, 2), 3)})


MASK = (1 << 64) - 1


def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & MASK
    return h


def seeded_uniform(name, seed, shape, bound):
    """SeededInit.uniform: SplitMix64 from mix64(seed) ^ fnv1a64(name), u in [0, 1) from 53 bits."""
    state = mix64(seed & MASK) ^ fnv1a64(name)
    values = []
    for _ in range(math.prod(shape)):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        u = (mix64(state) >> 11) * 2.0 ** -53
        values.append(bound * (2 * u - 1))  # double; torch.tensor(float32) rounds to nearest
    return torch.tensor(values, dtype=torch.float64).to(torch.float32).reshape(shape)


def seeded_conv(node, seed, weight_shape, bias_length):
    bound = 1 / math.sqrt(weight_shape[1] * math.prod(weight_shape[2:]))
    return {node + ".weight": seeded_uniform(node + ".weight", seed, weight_shape, bound),
            node + ".bias": seeded_uniform(node + ".bias", seed, (bias_length,), bound)}


if __name__ == "__main__":
    main()
