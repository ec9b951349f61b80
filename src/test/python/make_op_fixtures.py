#!/usr/bin/python3
"""Golden fixtures for org.voxtile.ops, from PyTorch 1.13 (and scipy for the gaussian).

Run from the repository root with the Debian python that has torch and scipy:
    /usr/bin/python3 src/test/python/make_op_fixtures.py
Writes src/test/resources/golden/ops/: one raw little-endian float32 file per tensor and
cases.txt, a manifest parsed by OpFixtures.java:
    tensor <name> volume <C> <X> <Y> <Z>   a (C, X, Y, Z) tensor stored x fastest (voxtile order)
    tensor <name> flat <n>                 weights/bias/vectors in PyTorch's own contiguous order
    case <name> <op> in=<t>[,<t>...] out=<t> [key=value ...]   values: int, float, a,b,c, true/false
The axis convention: voxtile (x, y, z) = PyTorch (D, H, W) of the tensor (N, C, X, Y, Z).
"""
import os
import numpy as np
import scipy.ndimage
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'golden', 'ops')
torch.manual_seed(20261128)
lines = []
written = set()


def save_volume(name, t):
    """t: (C, X, Y, Z) float32 -> file in x-fastest order: transpose to (C, Z, Y, X), C order."""
    if name not in written:
        t = t.detach().to(torch.float32)
        t.permute(0, 3, 2, 1).contiguous().numpy().astype('<f4').tofile(os.path.join(OUT, name + '.bin'))
        lines.append('tensor %s volume %s' % (name, ' '.join(str(s) for s in t.shape)))
        written.add(name)
    return name


def save_flat(name, t):
    t = t.detach().to(torch.float32).contiguous()
    t.numpy().astype('<f4').tofile(os.path.join(OUT, name + '.bin'))
    lines.append('tensor %s flat %d' % (name, t.numel()))
    return name


def fmt(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (tuple, list)):
        return ','.join(fmt(x) for x in v)
    return v if isinstance(v, str) else repr(v)


def case(name, op, inputs, out, **params):
    out_name = save_volume(name + '.out', out[0]) if out.dim() == 5 else save_flat(name + '.out', out)
    kv = ' '.join('%s=%s' % (k, fmt(v)) for k, v in params.items())
    lines.append('case %s %s in=%s out=%s %s' % (name, op, ','.join(inputs), out_name, kv))


def rand_volume(name, c, x, y, z, scale=1.0):
    t = torch.randn(c, x, y, z) * scale
    save_volume(name, t)
    return t


def t3(v):
    return v if isinstance(v, tuple) else (v, v, v)


os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    os.remove(os.path.join(OUT, f))

A = rand_volume('A', 2, 7, 6, 5)
B = rand_volume('B', 4, 6, 7, 5)
C = rand_volume('C', 3, 8, 6, 6)
D = rand_volume('D', 3, 5, 5, 5)
E = rand_volume('E', 1, 9, 8, 7)
inputs = {'A': A, 'B': B, 'C': C, 'D': D, 'E': E}

# conv3d: name, input, out_channels, kernel, stride, padding, dilation, groups, bias
convs = [
    ('conv_k3p1', 'A', 3, 3, 1, 1, 1, 1, True),
    ('conv_aniso', 'A', 2, (3, 2, 1), (2, 1, 3), (0, 1, 2), 1, 1, True),
    ('conv_dilated', 'A', 2, 3, 1, (2, 3, 1), (2, 3, 1), 1, True),
    ('conv_stride_gt_kernel', 'C', 2, 2, 3, 0, 1, 1, True),
    ('conv_groups2', 'B', 6, 3, (1, 2, 1), 1, 1, 2, True),
    ('conv_depthwise', 'D', 3, 3, 1, 1, 1, 3, True),
    ('conv_depthwise_x2', 'D', 6, (3, 1, 3), 1, (1, 0, 2), 1, 3, False),
    ('conv_pointwise', 'C', 4, 1, 1, 0, 1, 1, True),
    ('conv_big_padding', 'A', 2, 3, 2, 3, 1, 1, True),
    ('conv_even_k4s2', 'C', 5, 4, 2, 1, 1, 1, False),
    ('conv_k5d2p4', 'B', 3, 5, (1, 2, 3), 4, 2, 1, True),
    ('conv_stride2_k3', 'C', 9, 3, 2, 1, 1, 1, True),
]
for name, inp, oc, k, s, p, d, g, bias in convs:
    x = inputs[inp]
    w = torch.randn(oc, x.shape[0] // g, *t3(k)) * 0.5
    b = torch.randn(oc) if bias else None
    y = F.conv3d(x[None], w, b, t3(s), t3(p), t3(d), g)
    ins = [inp, save_flat(name + '.w', w)] + ([save_flat(name + '.b', b)] if bias else [])
    case(name, 'conv3d', ins, y, out_channels=oc, kernel=t3(k), stride=t3(s), padding=t3(p),
         dilation=t3(d), groups=g, bias=bias)

# conv_transpose3d: name, input, out_channels, kernel, stride, padding, output_padding, dilation, groups
transposed = [
    ('convt_k2s2', 'A', 2, 2, 2, 0, 0, 1, 1),
    ('convt_k3s2p1op1', 'A', 3, 3, 2, 1, 1, 1, 1),
    ('convt_k3d2', 'D', 2, 3, 1, 1, 0, 2, 1),
    ('convt_groups3', 'D', 6, 3, 2, 0, (1, 0, 1), 1, 3),
    ('convt_stride_gt_kernel', 'A', 2, 2, 3, 0, 0, 1, 1),
    ('convt_aniso', 'A', 2, (3, 2, 4), (2, 3, 1), (1, 0, 2), (1, 2, 0), 1, 1),
    ('convt_d3s2op2', 'D', 2, 2, 2, 1, 2, 3, 1),
]
for name, inp, oc, k, s, p, op, d, g in transposed:
    x = inputs[inp]
    w = torch.randn(x.shape[0], oc // g, *t3(k)) * 0.5
    b = torch.randn(oc)
    y = F.conv_transpose3d(x[None], w, b, t3(s), t3(p), t3(op), g, t3(d))
    ins = [inp, save_flat(name + '.w', w), save_flat(name + '.b', b)]
    case(name, 'conv_transpose3d', ins, y, out_channels=oc, kernel=t3(k), stride=t3(s),
         padding=t3(p), output_padding=t3(op), dilation=t3(d), groups=g, bias=True)

# max_pool3d: name, input, kernel, stride, padding, dilation, ceil_mode
maxpools = [
    ('max_k2s2', 'A', 2, 2, 0, 1, False),
    ('max_k3s2p1', 'C', 3, 2, 1, 1, False),
    ('max_k3s2p1_ceil', 'A', 3, 2, 1, 1, True),
    ('max_k2s2_ceil_odd', 'A', 2, 2, 0, 1, True),
    ('max_k3d2p1', 'B', 3, 1, 1, 2, False),
    ('max_k2s2p1_ceil_right_pad', 'A', 2, 2, 1, 1, True),
    ('max_aniso_ceil', 'E', (3, 2, 2), (1, 3, 2), (1, 0, 1), (1, 2, 1), True),
    ('max_k3s3p1_d2_ceil', 'E', 3, 3, 1, 2, True),
]
for name, inp, k, s, p, d, ceil in maxpools:
    y = F.max_pool3d(inputs[inp][None], t3(k), t3(s), t3(p), t3(d), ceil_mode=ceil)
    case(name, 'max_pool3d', [inp], y, kernel=t3(k), stride=t3(s), padding=t3(p), dilation=t3(d),
         ceil_mode=ceil)

# avg_pool3d: name, input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
avgpools = [
    ('avg_k2s2', 'A', 2, 2, 0, False, True, 0),
    ('avg_k3s2p1_incl', 'C', 3, 2, 1, False, True, 0),
    ('avg_k3s2p1_excl', 'C', 3, 2, 1, False, False, 0),
    ('avg_k3s2p1_ceil_incl', 'A', 3, 2, 1, True, True, 0),
    ('avg_k3s2p1_ceil_excl', 'A', 3, 2, 1, True, False, 0),
    ('avg_k2s2p1_ceil_incl', 'A', 2, 2, 1, True, True, 0),
    ('avg_k2s2p1_ceil_excl', 'E', 2, 2, 1, True, False, 0),
    ('avg_divisor5', 'D', 3, 1, 1, False, True, 5),
    ('avg_aniso_ceil', 'E', (2, 3, 1), (3, 1, 1), (1, 1, 0), True, True, 0),
    ('avg_k4s3p2_ceil_excl', 'E', 4, 3, 2, True, False, 0),
]
for name, inp, k, s, p, ceil, incl, div in avgpools:
    y = F.avg_pool3d(inputs[inp][None], t3(k), t3(s), t3(p), ceil_mode=ceil, count_include_pad=incl,
                     divisor_override=div if div else None)
    case(name, 'avg_pool3d', [inp], y, kernel=t3(k), stride=t3(s), padding=t3(p), ceil_mode=ceil,
         count_include_pad=incl, divisor_override=div)

adaptives = [
    ('adaptive_max_342', 'A', (3, 4, 2), 'max'),
    ('adaptive_avg_342', 'A', (3, 4, 2), 'avg'),
    ('adaptive_avg_222', 'E', (2, 2, 2), 'avg'),
    ('adaptive_avg_larger', 'A', (8, 3, 6), 'avg'),
    ('adaptive_max_larger', 'A', (8, 3, 6), 'max'),
    ('adaptive_max_1', 'C', (1, 1, 1), 'max'),
    ('adaptive_max_543', 'E', (5, 4, 3), 'max'),
]
for name, inp, size, mode in adaptives:
    f = F.adaptive_max_pool3d if mode == 'max' else F.adaptive_avg_pool3d
    case(name, 'adaptive_pool3d', [inp], f(inputs[inp][None], size), size=size, mode=mode)

for mode in ('max', 'avg'):
    f = F.adaptive_max_pool3d if mode == 'max' else F.adaptive_avg_pool3d
    x = C[None]
    y = torch.cat([f(x, l).flatten(1) for l in (1, 2, 4)], 1)[0]
    case('spp_' + mode, 'spp', ['C'], y, levels=(1, 2, 4), mode=mode)

W = rand_volume('W', 2, 6, 5, 4, scale=4.0)
inputs['W'] = W
acts = [('relu', F.relu, {}), ('leaky_relu', lambda t: F.leaky_relu(t, 0.1), {'slope': 0.1}),
        ('sigmoid', torch.sigmoid, {}), ('tanh', torch.tanh, {}),
        ('elu', lambda t: F.elu(t, 1.3), {'alpha': 1.3}), ('gelu', F.gelu, {})]
for name, f, params in acts:
    case('act_' + name, name, ['W'], f(W[None]), **params)

A2 = rand_volume('A2', 2, 7, 6, 5)
A3 = rand_volume('A3', 2, 7, 6, 5)
case('add3', 'add', ['A', 'A2', 'A3'], (A + A2 + A3)[None])
A4 = rand_volume('A4', 3, 7, 6, 5)
case('concat', 'concat', ['A', 'A4'], torch.cat([A, A4], 0)[None])

mean, var = torch.randn(3), torch.rand(3) + 0.5
gamma, beta = torch.randn(3), torch.randn(3)
y = F.batch_norm(D[None], mean, var, gamma, beta, training=False, eps=1e-3)
case('batch_norm', 'batch_norm3d',
     ['D', save_flat('bn.mean', mean), save_flat('bn.var', var), save_flat('bn.weight', gamma),
      save_flat('bn.bias', beta)], y, eps=1e-3)

for name, sigma in (('gaussian_aniso', (1.0, 0.7, 1.3)), ('gaussian_half', (0.5, 0.5, 0.5))):
    g = scipy.ndimage.gaussian_filter(E[0].numpy(), sigma, mode='constant', cval=0.0)
    case(name, 'gaussian', ['E'], torch.from_numpy(np.ascontiguousarray(g))[None, None], sigma=sigma)

# The layers of trained models. Appended last so that the tensors drawn above stay the same.
# Outputs come from a float64 run on the float32 inputs, rounded once: voxtile evaluates these
# ops in float64 per value, so the cases hold them to 1e-6 of the float64 result.
def f64(f, *xs):
    return f(*[x.double()[None] for x in xs]).float()


S = torch.randn(4, 5, 4, 3) * 3
S[:, 1, 2, 0] += 1000.0       # exp(x) overflows even float64 unless the channel maximum is subtracted
S[:, 4, 0, 2] -= 2000.0
S[2, 3, 1, 1] = float('nan')  # a NaN makes the whole voxel NaN
save_volume('S', S)
case('softmax', 'softmax', ['S'], f64(lambda t: F.softmax(t, 1), S), tolerance=1e-6)
case('log_softmax', 'log_softmax', ['S'], f64(lambda t: F.log_softmax(t, 1), S), tolerance=1e-6)

T = torch.round(torch.randn(5, 6, 5, 4) * 1.5)   # many ties
T[torch.rand(T.shape) < 0.05] = float('nan')
save_volume('T', T)
case('argmax', 'argmax', ['T'], torch.argmax(T[None], 1, keepdim=True).float(), tolerance=0.0)
case('clamp_nan', 'clamp', ['T'], torch.clamp(T[None], min=-1.0, max=1.5), min=-1.0, max=1.5, tolerance=0.0)
case('clamp_min', 'clamp', ['W'], torch.clamp(W[None], min=0.25), min=0.25, tolerance=0.0)
case('clamp_max', 'clamp', ['W'], torch.clamp(W[None], max=-0.5), max=-0.5, tolerance=0.0)

for name, n in (('prelu_1', 1), ('prelu_c', 2)):
    w = torch.randn(n) * 0.5
    case(name, 'prelu', ['W', save_flat(name + '.w', w)], F.prelu(W[None], w), tolerance=0.0)

L = rand_volume('L', 5, 4, 3, 6, scale=3.0)
lrns = [('lrn_3', 3, 1e-4, 0.75, 1.0), ('lrn_even_2', 2, 0.1, 0.75, 2.0), ('lrn_4', 4, 0.5, 1.5, 1.0),
        ('lrn_wider_than_c', 7, 1.0, 0.5, 0.5), ('lrn_1', 1, 0.3, 0.75, 1.0)]
for name, size, alpha, beta, k in lrns:
    y = f64(lambda t: F.local_response_norm(t, size, alpha, beta, k), L)
    case(name, 'local_response_norm', ['L'], y, size=size, alpha=alpha, beta=beta, k=k, tolerance=1e-6)

case('dropout3d_eval', 'dropout3d', ['A'], F.dropout3d(A[None], 0.5, training=False), p=0.5, tolerance=0.0)

M = rand_volume('M', 1, 7, 6, 5)
case('mul_broadcast_right', 'mul', ['A', 'M'], A[None] * M[None], tolerance=0.0)
case('mul_broadcast_left', 'mul', ['M', 'A'], M[None] * A[None], tolerance=0.0)
case('mul_equal', 'mul', ['A', 'A2'], A[None] * A2[None], tolerance=0.0)

with open(os.path.join(OUT, 'cases.txt'), 'w') as f:
    f.write('# generated by src/test/python/make_op_fixtures.py (torch %s); do not edit\n'
            % torch.__version__)
    f.write('\n'.join(lines) + '\n')
print('wrote', len([l for l in lines if l.startswith('case')]), 'cases to', OUT)
