#!/usr/bin/python3
"""Golden fixtures for the global ops (issue 12): instance_norm, group_norm and two network
blocks against PyTorch 1.13 in float32, and normalize against NumPy in float64.

Run from the repository root with the Debian python that has torch and numpy:
    /usr/bin/python3 src/test/python/make_norm_fixtures.py
Writes src/test/resources/golden/norm/: one raw little-endian float32 file per tensor and
cases.txt, the same manifest format as make_op_fixtures.py (parsed by NormGoldenTest.java):
    tensor <name> volume <C> <X> <Y> <Z>   a (C, X, Y, Z) tensor stored x fastest (voxtile order)
    tensor <name> flat <n>                 weights in PyTorch's own contiguous order
    case <name> <op> in=<t>[,<t>...] out=<t> [key=value ...]
voxtile (x, y, z) = PyTorch (D, H, W) of the tensor (N, C, X, Y, Z).
"""
import os
import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden', 'norm')
torch.manual_seed(20261202)
rng = np.random.default_rng(20261202)
lines = []


def save_volume(name, t):
    t = torch.as_tensor(t).detach().to(torch.float32)
    t.permute(0, 3, 2, 1).contiguous().numpy().astype('<f4').tofile(os.path.join(OUT, name + '.bin'))
    lines.append('tensor %s volume %s' % (name, ' '.join(str(s) for s in t.shape)))
    return name


def save_flat(name, t):
    t = torch.as_tensor(t).detach().to(torch.float32).contiguous()
    t.numpy().astype('<f4').tofile(os.path.join(OUT, name + '.bin'))
    lines.append('tensor %s flat %d' % (name, t.numel()))
    return name


def case(name, op, inputs, out, **params):
    kv = ' '.join('%s=%s' % (k, ','.join(map(repr, v)) if isinstance(v, (list, tuple)) else
                             ('true' if v is True else 'false' if v is False else repr(v)))
                  for k, v in params.items())
    lines.append('case %s %s in=%s out=%s %s' % (name, op, ','.join(inputs), save_volume(name + '.out', out), kv))


def volume(name, c, x, y, z, scale=1.0, shift=0.0):
    t = torch.randn(c, x, y, z) * scale + shift
    save_volume(name, t)
    return t


# instance_norm: affine or not, running statistics or not (eval mode)
x = volume('in_x', 3, 5, 6, 7, scale=3.0, shift=2.0)
w = torch.randn(3)
b = torch.randn(3)
mean = torch.randn(3)
var = torch.rand(3) + 0.5
save_flat('in_w', w), save_flat('in_b', b), save_flat('in_mean', mean), save_flat('in_var', var)
case('instance_plain', 'instance_norm', ['in_x'], F.instance_norm(x[None])[0], affine=False, running=False)
case('instance_affine', 'instance_norm', ['in_x', 'in_w', 'in_b'],
     F.instance_norm(x[None], weight=w, bias=b)[0], affine=True, running=False)
case('instance_running', 'instance_norm', ['in_x', 'in_mean', 'in_var'],
     F.instance_norm(x[None], running_mean=mean.clone(), running_var=var.clone(), use_input_stats=False)[0],
     affine=False, running=True)
case('instance_running_affine', 'instance_norm', ['in_x', 'in_mean', 'in_var', 'in_w', 'in_b'],
     F.instance_norm(x[None], running_mean=mean.clone(), running_var=var.clone(), weight=w, bias=b,
                     use_input_stats=False)[0], affine=True, running=True)

# group_norm: 8 channels in 1, 2, 4 and 8 groups
g = volume('gn_x', 8, 4, 5, 6, scale=2.0, shift=-1.0)
gw = torch.randn(8)
gb = torch.randn(8)
save_flat('gn_w', gw), save_flat('gn_b', gb)
for groups in (1, 2, 4, 8):
    case('group_%d' % groups, 'group_norm', ['gn_x', 'gn_w', 'gn_b'], F.group_norm(g[None], groups, gw, gb)[0],
         groups=groups)


def conv_weights(name, out_c, in_c, k):
    w = torch.randn(out_c, in_c, k, k, k) / (in_c * k ** 3) ** 0.5
    b = torch.randn(out_c) * 0.1
    save_flat(name + '_w', w), save_flat(name + '_b', b)
    return w, b


def affine(name, c):
    w = 1 + 0.2 * torch.randn(c)
    b = 0.2 * torch.randn(c)
    save_flat(name + '_w', w), save_flat(name + '_b', b)
    return w, b


# nnU-Net-style block: (conv - instance_norm(affine) - leaky_relu 0.01) x 2, strided conv down,
# instance norm, transposed conv up, concat skip, 1x1x1 conv
nx = volume('nn_x', 2, 9, 7, 11)
c1 = conv_weights('nn_c1', 4, 2, 3)
n1 = affine('nn_n1', 4)
c2 = conv_weights('nn_c2', 4, 4, 3)
n2 = affine('nn_n2', 4)
cd = conv_weights('nn_down', 8, 4, 3)
nd = affine('nn_nd', 8)
up_w = torch.randn(8, 4, 3, 3, 3) / (8 * 27) ** 0.5
up_b = torch.randn(4) * 0.1
save_flat('nn_up_w', up_w), save_flat('nn_up_b', up_b)
co = conv_weights('nn_out', 2, 8, 1)


def block(t, conv, norm):
    t = F.conv3d(t, conv[0], conv[1], padding=1)
    return F.leaky_relu(F.instance_norm(t, weight=norm[0], bias=norm[1]), 0.01)


e = block(block(nx[None], c1, n1), c2, n2)
d = F.leaky_relu(F.instance_norm(F.conv3d(e, cd[0], cd[1], stride=2, padding=1), weight=nd[0], bias=nd[1]), 0.01)
u = F.conv_transpose3d(d, up_w, up_b, stride=2, padding=1)
out = F.conv3d(torch.cat([u, e], 1), co[0], co[1])
case('nnunet_block', 'nnunet_block', ['nn_x'], out[0])

# SegResNet-style block: stem conv, group_norm(8) - relu - conv twice, residual add
sx = volume('sr_x', 2, 6, 7, 5)
stem = conv_weights('sr_stem', 16, 2, 3)
g1 = affine('sr_g1', 16)
s1 = conv_weights('sr_c1', 16, 16, 3)
g2 = affine('sr_g2', 16)
s2 = conv_weights('sr_c2', 16, 16, 3)
h0 = F.conv3d(sx[None], stem[0], stem[1], padding=1)
h = F.conv3d(F.relu(F.group_norm(h0, 8, g1[0], g1[1])), s1[0], s1[1], padding=1)
h = F.conv3d(F.relu(F.group_norm(h, 8, g2[0], g2[1])), s2[0], s2[1], padding=1)
case('segresnet_block', 'segresnet_block', ['sr_x'], (h + h0)[0])

# normalize vs NumPy float64, per channel; channel 1 of the scan is constant inside its mask
scan = rng.normal(100, 30, size=(2, 7, 6, 5)).astype(np.float32)
scan[:, :2] = 0  # background
scan[1, 2:] = 42.0  # a constant channel: std 0 -> the 1e-8 floor
mask = (rng.random((1, 7, 6, 5)) > 0.4).astype(np.float32)
save_volume('nz_x', torch.from_numpy(scan))
save_volume('nz_mask', torch.from_numpy(mask))


def masks(kind):
    if kind == 'none':
        return np.ones_like(scan, dtype=bool)
    if kind == 'nonzero':
        return scan != 0
    return np.broadcast_to(mask != 0, scan.shape)


def normalize(method, kind, p=(0.5, 99.5), out_range=(0.0, 1.0), clip=False):
    x = scan.astype(np.float64)
    m = masks(kind)
    y = np.zeros_like(x)
    for c in range(x.shape[0]):
        v = x[c][m[c]]
        if method == 'zscore':
            y[c] = (x[c] - v.mean()) / max(v.std(), 1e-8)
        else:
            lo, hi = (v.min(), v.max()) if method == 'minmax' else np.percentile(v, p, method='linear')
            y[c] = (x[c] - lo) / max(hi - lo, 1e-8) * (out_range[1] - out_range[0]) + out_range[0]
            if clip:
                y[c] = np.clip(y[c], out_range[0], out_range[1])
        y[c][~m[c]] = 0
    return torch.from_numpy(y.astype(np.float32))


for method in ('zscore', 'minmax', 'percentile'):
    for kind in ('none', 'nonzero', 'map'):
        inputs = ['nz_x', 'nz_mask'] if kind == 'map' else ['nz_x']
        case('normalize_%s_%s' % (method, kind), 'normalize', inputs, normalize(method, kind),
             method=method, mask=kind, percentiles=[0.5, 99.5], out_range=[0.0, 1.0], clip=False)
case('normalize_percentile_clip', 'normalize', ['nz_x', 'nz_mask'],
     normalize('percentile', 'map', p=(10.0, 87.5), out_range=(-1.0, 1.0), clip=True),
     method='percentile', mask='map', percentiles=[10.0, 87.5], out_range=[-1.0, 1.0], clip=True)

with open(os.path.join(OUT, 'cases.txt'), 'w') as f:
    f.write('\n'.join(lines) + '\n')
print('wrote %d lines to %s' % (len(lines), OUT))
