#!/usr/bin/python3
"""ONNX import fixtures (issue 13): small real 3D architectures in plain PyTorch, exported with
torch.onnx.export (torch 1.13; no onnx package needed), with PyTorch's own output as the golden.

Run from the repository root with the Debian python that has torch:
    /usr/bin/python3 src/test/python/make_onnx_fixtures.py
Writes src/test/resources/golden/onnx/:
    <model>.onnx           the exported model (dynamic spatial axes unless the manifest says fixed)
    <model>.input.bin      a random (C, X, Y, Z) input, float32 little endian, x fastest (voxtile order)
    <model>.expected.bin   the module's output on it, computed in float64 from the float32 weights,
                           stored as float32 in the same layout (the first output of the model)
    manifest.txt           one line per model:
        <model> opset=<n> in=<C>,<X>,<Y>,<Z> out=<C>,<X>,<Y>,<Z> [fixed] [new-ops]
new-ops marks models that need the ops of the parallel op branches (softmax, prelu, mul, ...).
voxtile (x, y, z) = PyTorch (D, H, W) of the tensor (N, C, D, H, W), as nibabel arrays fed to torch.
Deterministic (seeded): rerunning changes nothing but the ONNX producer's bytes, if torch changes.
"""
import os
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden', 'onnx')


class ConvNormAct(nn.Module):
    """nnU-Net's ConvDropoutNormReLU: conv, instance norm (affine), leaky relu."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, 3, stride=stride, padding=1)
        self.norm = nn.InstanceNorm3d(cout, eps=1e-5, affine=True)
        self.act = nn.LeakyReLU(0.01)

    def forward(self, x):
        return self.act(self.norm(self.conv(x)))


class PlainConvUNet(nn.Module):
    """dynamic_network_architectures' PlainConvUNet in miniature: 3 stages, strided-conv downsampling,
    transposed-conv upsampling, concat skips, a 1x1x1 segmentation head."""

    def __init__(self, cin=2, classes=3, f=(4, 6, 8)):
        super().__init__()
        self.enc0 = nn.Sequential(ConvNormAct(cin, f[0]), ConvNormAct(f[0], f[0]))
        self.enc1 = nn.Sequential(ConvNormAct(f[0], f[1], stride=2), ConvNormAct(f[1], f[1]))
        self.enc2 = nn.Sequential(ConvNormAct(f[1], f[2], stride=2), ConvNormAct(f[2], f[2]))
        self.up1 = nn.ConvTranspose3d(f[2], f[1], 2, stride=2)
        self.dec1 = nn.Sequential(ConvNormAct(2 * f[1], f[1]), ConvNormAct(f[1], f[1]))
        self.up0 = nn.ConvTranspose3d(f[1], f[0], 2, stride=2)
        self.dec0 = nn.Sequential(ConvNormAct(2 * f[0], f[0]), ConvNormAct(f[0], f[0]))
        self.seg = nn.Conv3d(f[0], classes, 1)

    def forward(self, x):
        s0 = self.enc0(x)
        s1 = self.enc1(s0)
        b = self.enc2(s1)
        d1 = self.dec1(torch.cat([self.up1(b), s1], 1))
        d0 = self.dec0(torch.cat([self.up0(d1), s0], 1))
        return self.seg(d0)


class TwoConv(nn.Module):
    """MONAI BasicUNet's TwoConv: (conv, batch norm, prelu) twice."""

    def __init__(self, cin, cout):
        super().__init__()
        self.c1, self.n1, self.a1 = nn.Conv3d(cin, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.PReLU(cout)
        self.c2, self.n2, self.a2 = nn.Conv3d(cout, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.PReLU()

    def forward(self, x):
        return self.a2(self.n2(self.c2(self.a1(self.n1(self.c1(x))))))


class BasicUNet(nn.Module):
    """MONAI BasicUNet in miniature: max-pool down, transposed-conv up, concat, softmax head."""

    def __init__(self, cin=1, classes=3, f=(4, 8)):
        super().__init__()
        self.conv0 = TwoConv(cin, f[0])
        self.down1 = TwoConv(f[0], f[1])
        self.up = nn.ConvTranspose3d(f[1], f[0], 2, stride=2)
        self.dec = TwoConv(2 * f[0], f[0])
        self.final = nn.Conv3d(f[0], classes, 1)

    def forward(self, x):
        x0 = self.conv0(x)
        x1 = self.down1(F.max_pool3d(x0, 2))
        d = self.dec(torch.cat([x0, self.up(x1)], 1))
        return torch.softmax(self.final(d), 1)


class SegHead(BasicUNet):
    """BasicUNet ending as a predictor does: the label map, argmax over the class probabilities."""

    def forward(self, x):
        return torch.argmax(super().forward(x), dim=1, keepdim=True)


class ResBlock(nn.Module):
    """MONAI SegResNet's ResBlock: (group norm, relu, conv) twice plus the identity."""

    def __init__(self, c, groups):
        super().__init__()
        self.n1, self.c1 = nn.GroupNorm(groups, c), nn.Conv3d(c, c, 3, padding=1, bias=False)
        self.n2, self.c2 = nn.GroupNorm(groups, c), nn.Conv3d(c, c, 3, padding=1, bias=False)

    def forward(self, x):
        y = self.c1(F.relu(self.n1(x)))
        y = self.c2(F.relu(self.n2(y)))
        return y + x


class SegResNet(nn.Module):
    """SegResNet in miniature: stem conv, res block, strided conv down, res block, 1x1 conv and
    trilinear upsampling (align_corners false), skip add, res block, head."""

    def __init__(self, cin=2, classes=2, f=4):
        super().__init__()
        self.stem = nn.Conv3d(cin, f, 3, padding=1, bias=False)
        self.b0 = ResBlock(f, 2)
        self.down = nn.Conv3d(f, 2 * f, 3, stride=2, padding=1, bias=False)
        self.b1 = ResBlock(2 * f, 4)
        self.reduce = nn.Conv3d(2 * f, f, 1, bias=False)
        self.b2 = ResBlock(f, 2)
        self.head = nn.Sequential(nn.GroupNorm(2, f), nn.ReLU(), nn.Conv3d(f, classes, 1))

    def forward(self, x):
        s = self.b0(self.stem(x))
        y = self.b1(self.down(s))
        y = F.interpolate(self.reduce(y), scale_factor=2, mode='trilinear', align_corners=False)
        return self.head(self.b2(y + s))


class AttentionGate(nn.Module):
    """The additive attention gate of Attention U-Net (Oktay et al.): gating signal g from a coarser
    map, psi = sigmoid(conv(relu(Wx x + Wg g))), output x * psi (a 1-channel map over C channels)."""

    def __init__(self, cin=2, f=4):
        super().__init__()
        self.enc = nn.Sequential(nn.Conv3d(cin, f, 3, padding=1), nn.ReLU())
        self.coarse = nn.Sequential(nn.Conv3d(f, 2 * f, 3, stride=2, padding=1), nn.Tanh())
        self.wx = nn.Conv3d(f, f, 1)
        self.wg = nn.Conv3d(2 * f, f, 1)
        self.psi = nn.Conv3d(f, 1, 1)
        self.out = nn.Conv3d(f, 1, 1)

    def forward(self, x):
        x = self.enc(x)
        g = F.interpolate(self.coarse(x), scale_factor=2, mode='nearest')
        psi = torch.sigmoid(self.psi(F.relu(self.wx(x) + self.wg(g))))
        return self.out(x * psi)


class AlexNetStem(nn.Module):
    """AlexNet's first block in 3D: a large strided kernel, relu, local response norm, an
    overlapping max pool (kernel 3, stride 2), then an elu conv."""

    def __init__(self, cin=1, f=6):
        super().__init__()
        self.conv1 = nn.Conv3d(cin, f, 7, stride=3, padding=2)
        self.lrn = nn.LocalResponseNorm(3, alpha=1e-4, beta=0.75, k=1.0)
        self.conv2 = nn.Conv3d(f, f, 3, padding=1)

    def forward(self, x):
        x = F.max_pool3d(self.lrn(F.relu(self.conv1(x))), 3, stride=2)
        return F.elu(self.conv2(x))


class SegResBlock(nn.Module):
    """SegResNet's stem and ResBlock with its group-norm head (affine), plus a GroupNorm without
    affine parameters, which torch exports without the Mul and Add."""

    def __init__(self, cin=2, f=4):
        super().__init__()
        self.stem = nn.Conv3d(cin, f, 3, padding=1, bias=False)
        self.b0 = ResBlock(f, 2)
        self.plain = nn.GroupNorm(4, f, affine=False)
        self.head = nn.Sequential(nn.GroupNorm(2, f), nn.ReLU(), nn.Conv3d(f, 2, 1))

    def forward(self, x):
        return self.head(self.plain(self.b0(self.stem(x))))


def init(module, seed):
    """Random weights and non-trivial norm statistics, so that every tensor matters."""
    torch.manual_seed(seed)
    for m in module.modules():
        if isinstance(m, (nn.BatchNorm3d,)):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
        elif isinstance(m, (nn.InstanceNorm3d, nn.GroupNorm)) and m.affine:
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)
        elif isinstance(m, nn.PReLU):
            m.weight.data.uniform_(0.05, 0.4)
    return module.eval()


MODELS = [
    # name, module, input (C, X, Y, Z), opset, fixed shape, needs the new ops
    ('nnunet', lambda: PlainConvUNet(), (2, 12, 16, 8), 17, False, False),
    ('nnunet_opset11', lambda: PlainConvUNet(), (2, 12, 16, 8), 11, False, False),
    ('nnunet_fixed', lambda: PlainConvUNet(), (2, 8, 8, 8), 13, True, False),
    ('basicunet', lambda: BasicUNet(), (1, 10, 8, 12), 13, False, True),
    ('segresnet', lambda: SegResNet(), (2, 8, 12, 10), 13, False, True),
    ('attention_gate', lambda: AttentionGate(), (2, 10, 8, 12), 13, False, True),
    ('alexnet_stem', lambda: AlexNetStem(), (1, 23, 20, 26), 13, False, True),
    ('segres_block', lambda: SegResBlock(), (2, 9, 7, 10), 15, False, False),
    ('seghead', lambda: SegHead(), (1, 10, 8, 12), 13, False, True),
]


def write(array, path):
    np.ascontiguousarray(array.astype('<f4')).tofile(path)


def voxtile_layout(t):
    """(C, X, Y, Z) tensor to bytes with x fastest: reverse the axes."""
    return t.permute(0, 3, 2, 1).contiguous().numpy()


def main():
    lines = []
    for index, (name, make, shape, opset, fixed, new_ops) in enumerate(MODELS):
        torch.manual_seed(1000 + index)  # before construction: the default init draws the conv weights
        module = init(make(), 1000 + index)
        torch.manual_seed(2000 + index)
        x = torch.randn(1, *shape)
        dynamic = None if fixed else {'input': {2: 'x', 3: 'y', 4: 'z'}, 'output': {2: 'ox', 3: 'oy', 4: 'oz'}}
        torch.onnx.export(module, x, os.path.join(OUT, name + '.onnx'), opset_version=opset,
                          input_names=['input'], output_names=['output'], dynamic_axes=dynamic,
                          do_constant_folding=True)
        with torch.no_grad():
            expected = module.double()(x.double())[0]
        write(voxtile_layout(x[0]), os.path.join(OUT, name + '.input.bin'))
        write(voxtile_layout(expected), os.path.join(OUT, name + '.expected.bin'))
        lines.append('%s opset=%d in=%s out=%s%s%s' % (name, opset, ','.join(map(str, shape)),
                                                         ','.join(map(str, expected.shape)),
                                                         ' fixed' if fixed else '', ' new-ops' if new_ops else ''))
    with open(os.path.join(OUT, 'manifest.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
