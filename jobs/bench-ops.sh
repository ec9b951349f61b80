#!/usr/bin/env bash
# Kernel benchmark: voxtile's ops against PyTorch on the shapes of a real scan (181x217x181),
# in one invocation on the same machine, with the ratio per shape and thread count.
# Medians of RUNS runs after a warm-up; GFLOP/s counts 2 x MACs. Not part of the tests.
#   jobs/bench-ops.sh [THREADS=1,2] [RUNS=5] [FILTER]
# Needs /usr/bin/python3 with python3-torch for the baseline (apt-get install python3-torch).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
THREADS=${1:-1,2}
RUNS=${2:-5}
FILTER=${3:-}
cd "$ROOT"
mvn -B -q test-compile
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
# -Xms = -Xmx: OpsBenchmark collects between runs, and a heap that may shrink then commits and
# touches its ~1.4 GB of maps again in the next timed run (1.81 s instead of 0.30 s for the
# depthwise + pointwise shape, docs/benchmarks.md); a task's heap does not shrink between tiles.
java --add-modules jdk.incubator.vector -Xms12g -Xmx12g -cp target/classes:target/test-classes \
  org.voxtile.ops.bench.OpsBenchmark "$THREADS" "$RUNS" "$FILTER" 2>/dev/null | tee "$OUT/voxtile.txt"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 src/test/python/bench_ops_torch.py "$THREADS" "$RUNS" "$FILTER" | tee "$OUT/torch.txt"
  echo
  printf '%-40s %7s %10s %10s %8s\n' shape threads voxtile_s torch_s speedup
  # rows: name (words) threads median gflops mvox; match on name + threads
  awk 'function key(   i,k){k=$1; for(i=2;i<=NF-4;i++)k=k" "$i; return k"|"$(NF-3)}
       FNR==NR && NF>=5 && $(NF-2)+0>0 {v[key()]=$(NF-2); next}
       NF>=5 && $(NF-2)+0>0 {k=key(); if(k in v){split(k,p,"|"); printf "%-40s %7s %10.3f %10.3f %7.2fx\n", p[1], p[2], v[k], $(NF-2), $(NF-2)/v[k]}}' \
    "$OUT/voxtile.txt" "$OUT/torch.txt"
else
  echo "python3-torch not found: no PyTorch baseline" >&2
fi
