#!/usr/bin/python3
"""PyTorch baseline for org.voxtile.ops.bench.OpsBenchmark: the same shapes, same machine.

    /usr/bin/python3 src/test/python/bench_ops_torch.py [threads=1,2] [runs=5] [filter]

Prints the median of `runs` timed runs after one warm-up, GFLOP/s (2 x MACs) and output Mvoxel/s.
"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

threads = [int(t) for t in (sys.argv[1] if len(sys.argv) > 1 else '1,2').split(',')]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
only = sys.argv[3] if len(sys.argv) > 3 else ''
MRI = (181, 217, 181)
HALF = (91, 109, 91)
g = torch.Generator().manual_seed(1)


def conv(cin, cout, k, s, p, groups=1):
    w = torch.randn(cout, cin // groups, k, k, k, generator=g)
    b = torch.randn(cout, generator=g)
    macs = lambda out: out.numel() * (cin // groups) * k ** 3
    return (lambda x: F.conv3d(x, w, b, s, p, 1, groups)), macs


def chain(*ops):
    def run(x):
        macs = 0
        for f, m in ops:
            x = f(x)
            macs += m(x)
        return x, macs
    return run


c1 = conv(2, 16, 3, 1, 1)
c2 = conv(16, 16, 3, 1, 1)
c3 = conv(16, 32, 3, 2, 1)
dw = conv(16, 16, 3, 1, 1, groups=16)
pw = conv(16, 32, 1, 1, 0)
wt = torch.randn(32, 16, 2, 2, 2, generator=g)
bt = torch.randn(16, generator=g)
up = (lambda x: F.conv_transpose3d(x, wt, bt, 2), lambda out: out.numel() * 32 * 8 // 8)
pool = (lambda x: F.max_pool3d(x, 2, 2), lambda out: out.numel() * 8)
avg = (lambda x: F.avg_pool3d(x, 3, 2, 1), lambda out: out.numel() * 27)
gelu = (F.gelu, lambda out: out.numel())
shapes = [
    ('conv3d 2->16 k3 p1', MRI, 2, chain(c1)),
    ('conv3d 16->16 k3 p1', MRI, 16, chain(c2)),
    ('conv3d 16->32 k3 s2 p1', MRI, 16, chain(c3)),
    ('depthwise 16 k3 p1 + pointwise 16->32', MRI, 16, chain(dw, pw)),
    ('conv_transpose3d 32->16 k2 s2', HALF, 32, chain(up)),
    ('max_pool3d k2 s2 16ch', MRI, 16, chain(pool)),
    ('avg_pool3d k3 s2 p1 16ch', MRI, 16, chain(avg)),
    ('gelu 16ch', MRI, 16, chain(gelu)),
]
print('torch %s, %s' % (torch.__version__, torch.__config__.parallel_info().splitlines()[0]))
print('%-40s %7s %10s %10s %10s' % ('shape', 'threads', 'median s', 'GFLOP/s', 'Mvoxel/s'))
with torch.no_grad():
    for name, size, channels, run in shapes:
        if only not in name:
            continue
        x = torch.randn(1, channels, *size, generator=g)
        for t in threads:
            torch.set_num_threads(t)
            times = []
            for r in range(runs + 1):
                start = time.perf_counter()
                y, macs = run(x)
                if r > 0:
                    times.append(time.perf_counter() - start)
                del y
            m = statistics.median(times)
            voxels = macs and run(x)[0][0, 0].numel()
            print('%-40s %7d %10.3f %10.1f %10.1f' % (name, t, m, 2 * macs / m / 1e9, voxels / m / 1e6))
