#!/usr/bin/python3
"""Whole-network golden fixtures for org.voxtile.tiling.GoldenNetworkTest.

Run from the repository root with Debian's Python (python3-torch 1.13):

    /usr/bin/python3 src/test/python/make_network_fixtures.py

For each network (a VGG-style stack of 3x3x3 convolutions, a ResNet basic block with batch norm
in eval mode, a depthwise-separable block, a two-level 3D U-Net with transposed-convolution
upsampling and a concatenated skip) it writes into src/test/resources/golden/networks/:

  <name>.yaml          the voxtile pipeline, naming its weights file with `weights:`
  <name>.safetensors   the torch module's state dict in voxtile's tensor naming (<node>.weight,
                       <node>.bias, <node>.running_mean, <node>.running_var), F32, written by hand
                       with make_safetensors_fixtures.write_safetensors
  <name>.input.bin     a random 2-channel input, float32 little-endian, voxtile's layout
                       (x fastest, then y, z, then channel; voxtile (x, y, z) = torch (D, H, W))
  <name>.expected.bin  torch's output in the same layout, computed in float64 from the float32
                       weights and input, so the only rounding the Java test sees is its own
  manifest.txt         `<name> <in_channels> <x> <y> <z> <out_channels> <ox> <oy> <oz>` per line

Deterministic (fixed seeds): rerunning changes nothing.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_safetensors_fixtures import write_safetensors  # noqa: E402

OUT = os.path.join("src", "test", "resources", "golden", "networks")
SHAPE = (12, 10, 8)  # (x, y, z) = torch (D, H, W); even, for the U-Net's pool and skip


def conv(name, cin, cout, k=3, groups=1, bias=True):
    m = torch.nn.Conv3d(cin, cout, k, padding=k // 2, groups=groups, bias=bias)
    return name, m


def bn(name, c, g):
    m = torch.nn.BatchNorm3d(c)
    with torch.no_grad():  # non-trivial eval-mode statistics and affine parameters
        m.weight.copy_(torch.rand(c, generator=g) + 0.5)
        m.bias.copy_(torch.randn(c, generator=g) * 0.1)
        m.running_mean.copy_(torch.randn(c, generator=g) * 0.1)
        m.running_var.copy_(torch.rand(c, generator=g) + 0.5)
    return name, m


def state(modules):
    tensors = {}
    for name, m in modules:
        for key, value in m.state_dict().items():
            if key != "num_batches_tracked":
                tensors[name + "." + key] = value.detach().to(torch.float32).contiguous()
    return tensors


def vgg(g):
    layers = [conv("c1", 2, 4), conv("c2", 4, 4), conv("c3", 4, 8), conv("c4", 8, 8)]
    m = dict(layers)

    def forward(x):
        x = F.relu(m["c1"](x))
        x = F.relu(m["c2"](x))
        x = F.max_pool3d(x, 2, 2)
        x = F.relu(m["c3"](x))
        return F.relu(m["c4"](x))

    yaml = """# VGG-style stack of 3x3x3 convolutions with a 2x2x2 max pool (golden test against PyTorch)
name: vgg-golden
inputs: [t1, t2]
weights: vgg.safetensors
nodes:
  - {name: c1, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: a1, op: relu}
  - {name: c2, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: a2, op: relu}
  - {name: p1, op: max_pool3d, kernel_size: 2, stride: 2}
  - {name: c3, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1}
  - {name: a3, op: relu}
  - {name: c4, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1}
  - {name: a4, op: relu}
outputs: [a4]
"""
    return layers, forward, yaml


def resnet(g):
    layers = [conv("stem", 2, 8), conv("conv1", 8, 8, bias=False), bn("bn1", 8, g),
              conv("conv2", 8, 8, bias=False), bn("bn2", 8, g)]
    m = dict(layers)

    def forward(x):
        identity = F.relu(m["stem"](x))
        y = F.relu(m["bn1"](m["conv1"](identity)))
        y = m["bn2"](m["conv2"](y))
        return F.relu(y + identity)

    yaml = """# ResNet basic block after a stem: conv-bn-relu-conv-bn + identity, relu (eval mode)
name: resnet-golden
inputs: [t1, t2]
weights: resnet.safetensors
nodes:
  - {name: stem, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1}
  - {name: stem_relu, op: relu}
  - {name: conv1, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1, bias: false}
  - {name: bn1, op: batch_norm3d}
  - {name: relu1, op: relu}
  - {name: conv2, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1, bias: false}
  - {name: bn2, op: batch_norm3d}
  - {name: residual, op: add, inputs: [bn2, stem_relu]}
  - {name: out, op: relu}
outputs: [out]
"""
    return layers, forward, yaml


def depthwise(g):
    layers = [conv("expand", 2, 8, k=1), conv("dw", 8, 8, groups=8, bias=False), bn("dw_bn", 8, g),
              conv("pw", 8, 8, k=1, bias=False), bn("pw_bn", 8, g)]
    m = dict(layers)

    def forward(x):
        x = F.relu(m["expand"](x))
        x = F.relu(m["dw_bn"](m["dw"](x)))
        return F.relu(m["pw_bn"](m["pw"](x)))

    yaml = """# Depthwise-separable block (MobileNet style): 1x1x1 expand, 3x3x3 depthwise, 1x1x1 pointwise
name: depthwise-golden
inputs: [t1, t2]
weights: depthwise.safetensors
nodes:
  - {name: expand, op: conv3d, out_channels: 8, kernel_size: 1}
  - {name: expand_relu, op: relu}
  - {name: dw, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1, groups: 8, bias: false}
  - {name: dw_bn, op: batch_norm3d}
  - {name: dw_relu, op: relu}
  - {name: pw, op: conv3d, out_channels: 8, kernel_size: 1, bias: false}
  - {name: pw_bn, op: batch_norm3d}
  - {name: out, op: relu}
outputs: [out]
"""
    return layers, forward, yaml


def unet(g):
    layers = [conv("enc1a", 2, 4), conv("enc1b", 4, 4), conv("enc2a", 4, 8), conv("enc2b", 8, 8),
              ("up", torch.nn.ConvTranspose3d(8, 4, 2, stride=2)),
              conv("dec1a", 8, 4), conv("dec1b", 4, 4), conv("out", 4, 1, k=1)]
    m = dict(layers)

    def forward(x):
        e1 = F.relu(m["enc1b"](F.relu(m["enc1a"](x))))
        e2 = F.relu(m["enc2b"](F.relu(m["enc2a"](F.max_pool3d(e1, 2, 2)))))
        d1 = torch.cat([m["up"](e2), e1], dim=1)
        d1 = F.relu(m["dec1b"](F.relu(m["dec1a"](d1))))
        return m["out"](d1)

    yaml = """# A two-level 3D U-Net: two convolutions per level, max-pool down, transposed-convolution up,
# concatenated skip, one output channel
name: unet-golden
inputs: [t1, t2]
weights: unet.safetensors
nodes:
  - {name: enc1a, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: enc1a_relu, op: relu}
  - {name: enc1b, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: enc1, op: relu}
  - {name: down, op: max_pool3d, kernel_size: 2, stride: 2}
  - {name: enc2a, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1}
  - {name: enc2a_relu, op: relu}
  - {name: enc2b, op: conv3d, out_channels: 8, kernel_size: 3, padding: 1}
  - {name: enc2, op: relu}
  - {name: up, op: conv_transpose3d, out_channels: 4, kernel_size: 2, stride: 2}
  - {name: skip, op: concat, inputs: [up, enc1]}
  - {name: dec1a, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: dec1a_relu, op: relu}
  - {name: dec1b, op: conv3d, out_channels: 4, kernel_size: 3, padding: 1}
  - {name: dec1, op: relu}
  - {name: out, op: conv3d, out_channels: 1, kernel_size: 1}
outputs: [out]
"""
    return layers, forward, yaml


def voxtile_layout(t):
    """(C, D, H, W) -> bytes with D (voxtile x) fastest, then H, W, then channel."""
    return t.permute(0, 3, 2, 1).contiguous().to(torch.float32).numpy().astype("<f4").tobytes()


def main():
    assert sys.byteorder == "little"
    os.makedirs(OUT, exist_ok=True)
    manifest = []
    for index, (name, make) in enumerate([("vgg", vgg), ("resnet", resnet), ("depthwise", depthwise),
                                          ("unet", unet)]):
        torch.manual_seed(100 + index)  # module default initialisation
        g = torch.Generator().manual_seed(200 + index)
        layers, forward, yaml = make(g)
        for _, module in layers:
            module.eval()
        write_safetensors(os.path.join(OUT, name + ".safetensors"), state(layers), {"format": "pt"})
        with open(os.path.join(OUT, name + ".yaml"), "w") as f:
            f.write(yaml)
        x = torch.rand((1, 2) + SHAPE, generator=g) * 2 - 1
        for _, module in layers:
            module.double()
        with torch.no_grad():
            y = forward(x.double())[0]
        with open(os.path.join(OUT, name + ".input.bin"), "wb") as f:
            f.write(voxtile_layout(x[0]))
        with open(os.path.join(OUT, name + ".expected.bin"), "wb") as f:
            f.write(voxtile_layout(y))
        manifest.append("%s %d %d %d %d %d %d %d %d" % ((name, 2) + SHAPE + (y.shape[0],) + tuple(y.shape[1:])))
    with open(os.path.join(OUT, "manifest.txt"), "w") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
