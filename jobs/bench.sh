#!/usr/bin/env bash
# Job-level benchmark (issue 6), everything measured in one invocation on this machine.
#   jobs/bench.sh job [SIZE=512] [RUNS=1]   synthetic 2-channel SIZE^3 float32 volume through
#       conf/bench-reference.yaml with `jobs/voxtile run` (Spark local mode, all cores, heap
#       $BENCH_XMX, default 2g), then the in-memory baseline (WholeVolumeRun: one JVM, no Spark,
#       the whole volume as one tile, ops on $BASELINE_THREADS threads, default all cores, heap
#       $BASELINE_XMX, default 16g) where it fits, else on a 256^3 volume, compared per voxel
#   jobs/bench.sh scan [RUNS=3]             the 181x217x181 two-file phantom (.nii.gz), voxtile end
#       to end (process wall time, Spark start included) against PyTorch; SCAN_PLAIN=1 adds
#       voxtile without its start-up aids (no class-data archive, no warm-up)
#       (src/test/python/bench_reference_torch.py: nibabel read, the same weights, nibabel write)
#   jobs/bench.sh norm [RUNS=3]             conf/norm/nnunet-style.yaml (instance_norm nodes: global
#       statistics, run by voxtile in stages) on the scan mode's phantom, per run interleaved:
#       voxtile end to end, the in-memory baseline (WholeVolumeRun: every node once on the whole
#       volume, each norm bound to its whole input; heap $BASELINE_XMX, default 4g) and PyTorch
#       (src/test/python/bench_norm_torch.py) with the weights voxtile wrote; per-stage times and
#       scratch bytes from report.json. ONNX=1: voxtile runs the network as a trained model, exported
#       to ONNX from the same weights (src/test/python/export_norm_onnx.py) and run as MODEL.onnx.
#   jobs/bench.sh batch [N=20] [RUNS=1]     N copies of the scan phantom in one manifest: voxtile's
#       batch end to end against PyTorch looping over the manifest in one process (nibabel)
#   jobs/bench.sh warm [RUNS=1]             the phantom in tiles on a standalone cluster, executors'
#       kernel warm-up off then on: each executor's first task against its later ones
#   jobs/bench.sh windows [RUNS=3]          sliding-window inference (MONAI's sliding_window_inference):
#       conf/norm/nnunet-windows.yaml on the scan mode's phantom, roi $ROI (96,96,96), overlap
#       $OVERLAP (0.5), $BLEND (gaussian), per run interleaved: voxtile end to end with
#       `run --sliding-window ...` and the PyTorch transcription of MONAI's loop in one process
#       (src/test/python/bench_windows_torch.py: the same windows, weights and importance map)
#   jobs/bench.sh resample [RUNS=3]         `resample` (order 1, linear): the 181x217x181 1 mm phantom
#       (the scan mode's t1, .nii.gz) to 0.5 mm (361x433x361) and the synthetic 512^3 volume (its t1,
#       .nii, 1 mm) to 0.7 mm (731^3), per run interleaved: voxtile end to end (read, resample,
#       write .nii.gz) against nibabel.processing.resample_to_output(order=1) and
#       scipy.ndimage.zoom(order=1) (src/test/python/bench_resample_scipy.py: read, then compute;
#       they do not write), with voxtile's heap peaks against Python's peak resident set
#   jobs/bench.sh cluster [SIZE=1024] [RUNS=1]  the synthetic volume on a standalone cluster of this
#       machine (jobs/standalone.sh: 2 workers x 1 core), executors $EXECUTOR_MEMORY (2g), driver
#       $DRIVER_MEMORY (2g), submitted with jobs/submit-standalone.sh; BENCH_FORMATS="nifti zarr" runs
#       each --output-format in turn per run (labels voxtile-cluster-<format>), default nifti alone
# Prints per run: wall and job seconds, voxels/s, GFLOP/s (2 x MACs from `describe --json`), halo
# overhead, tiles, predicted and measured live maps per task, JVM heap peaks, read/compute/write
# split; then medians and ratios. Data and outputs go under $BENCH_DIR (default target/bench).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=${1:-job}
cd "$ROOT"
PY=/usr/bin/python3
BENCH=${BENCH_DIR:-$ROOT/target/bench}
PIPELINE=${BENCH_PIPELINE:-conf/bench-reference.yaml}  # BENCH_PIPELINE: another pipeline for job/cluster
jobs/voxtile --help >/dev/null          # builds target/classes and the classpath if needed
mvn -B -q test-compile
CP="target/classes:target/test-classes:$(cat target/voxtile.classpath)"
JAVA=${JAVA:-java}
mkdir -p "$BENCH"
RESULTS=$BENCH/results-$MODE-$$.jsonl
: > "$RESULTS"
RECORD=record  # how voxtile_run turns report.json into a results line; the norm mode keeps more

now() { date +%s.%N; }

# one voxtile run: process wall time and report.json -> one JSON line in $RESULTS
voxtile_run() { # label out-dir args...
  local label=$1 out=$2; shift 2
  local t0 t1
  t0=$(now)
  VOXTILE_JAVA_OPTS="-Xmx${BENCH_XMX:-2g} ${BENCH_JAVA_OPTS:-}" jobs/voxtile run "${VOXTILE_PIPELINE:-$PIPELINE}" \
    --output "$out" --overwrite "$@" >/dev/null 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
  t1=$(now)
  $RECORD "$label" "$out/report.json" "$t0" "$t1"
}

record() { # label report.json t0 t1 -> one JSON line in $RESULTS
  $PY - "$1" "$2" "$3" "$4" "$FLOPS" >>"$RESULTS" <<'PYEOF'
import json, sys
label, report, t0, t1, flops = sys.argv[1], json.load(open(sys.argv[2])), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
t = report['times']; m = report['memory']; d = report['driver_memory']
vox = 1
for s in list(report['outputs'].values())[0]['shape']: vox *= s
print(json.dumps(dict(label=label, wall_s=t1 - t0, job_s=report['total_s'], voxels=vox,
  tiles=report['tiles'], halo_overhead=report.get('halo_overhead'), tile=report.get('plan', {}).get('tile_shape'),
  overlap_factor=report.get('sliding_window', {}).get('overlap_factor'),
  cores=report['spark']['default_parallelism'],
  read_s=t['task_read_s'], compute_s=t['task_compute_s'], write_s=t['task_write_s'] + t['stitch_s'],
  ingest_s=t.get('ingest_s', 0), tasks_s=t['tasks_s'], stitch_s=t['stitch_s'],
  stitch_after_tasks_s=t.get('stitch_after_tasks_s', 0),
  predicted_live_maps=m['predicted_live_maps_per_task'], measured_live_maps=m.get('measured_live_maps_per_task'),
  executor_heap_peak=m['executor_heap_peak'], driver_heap_peak=d['heap_peak'], heap_max=d['heap_max'],
  shared_jvm=d['shared_with_executors'], flops=flops)))
PYEOF
  tail -1 "$RESULTS"
}

flops() { # shape -> 2 x MACs of the pipeline
  jobs/voxtile describe "$PIPELINE" --shape "$1" --json 2>/dev/null \
    | $PY -c 'import json,sys; d=json.load(sys.stdin); print(2 * sum(n.get("macs", 0) for n in d["nodes"]) * d.get("sliding_window", {}).get("windows", 1))'
}

summary() {
  $PY - "$RESULTS" "${FLOPS:-0}" <<'PYEOF'
import json, statistics, sys
FLOPS = float(sys.argv[2])
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
by = {}
for r in rows: by.setdefault(r['label'], []).append(r)
med = lambda label, key: statistics.median(r[key] for r in by[label] if key in r) if label in by else None
G = 1 << 30
print('\nmedians (runs per label: %s)' % {k: len(v) for k, v in by.items()})
for label, rs in by.items():
  r0 = rs[0]
  line = '%-10s wall %.2f s' % (label, med(label, 'wall_s'))
  if 'job_s' in r0:
    plan = ('halo overhead %.3f, %d tiles of %s' % (r0['halo_overhead'], r0['tiles'], 'x'.join(map(str, r0['tile'])))
            if r0.get('tile') else 'overlap factor %.3f, %d windows' % (r0['overlap_factor'], r0['tiles']))
    line += ', job %.2f s, %.2f Mvoxel/s (job), %.1f GFLOP/s (job), %s on %d cores' % (
      med(label, 'job_s'), r0['voxels'] / med(label, 'job_s') / 1e6, r0['flops'] / med(label, 'job_s') / 1e9,
      plan, r0['cores'])
    line += '\n           read %.2f / compute %.2f / write %.2f s (task sums; write = scratch + stitch), ingest %.2f s' % (
      med(label, 'read_s'), med(label, 'compute_s'), med(label, 'write_s'), med(label, 'ingest_s'))
    line += '\n           tasks %.2f s, driver writing %.2f s of which %.2f s after the last task' % (
      med(label, 'tasks_s'), med(label, 'stitch_s'), med(label, 'stitch_after_tasks_s'))
    line += '\n           live maps per task predicted %.0f MiB, measured %s MiB; heap peak driver %.2f GiB, executor %.2f GiB (heap max %.2f GiB%s)' % (
      r0['predicted_live_maps'] / 2**20, '%.0f' % (med(label, 'measured_live_maps') / 2**20) if r0.get('measured_live_maps') else '-',
      med(label, 'driver_heap_peak') / G,
      med(label, 'executor_heap_peak') / G, r0['heap_max'] / G, ', one JVM: local mode' if r0['shared_jvm'] else '')
  elif label == 'pytorch':
    line += ' (process, interpreter and imports included); read %.2f / compute %.2f / write %.2f s, %.1f GFLOP/s compute, %d threads' % (
      med(label, 'read_s'), med(label, 'compute_s'), med(label, 'write_s'), FLOPS / med(label, 'compute_s') / 1e9, r0['threads'])
  elif 'compute_s' in r0:
    line += ' (%s^3), total %.2f s, %.2f Mvoxel/s, %.1f GFLOP/s; read %.2f / compute %.2f / write %.2f s; live maps %.2f GiB, heap peak %.2f GiB (max %.2f)' % (
      r0['size'], med(label, 'total_s'), r0['output_voxels'] / med(label, 'total_s') / 1e6, r0['flops'] / med(label, 'total_s') / 1e9,
      med(label, 'read_s'), med(label, 'compute_s'), med(label, 'write_s'), r0['live_maps_peak'] / G,
      med(label, 'heap_peak') / G, r0['heap_max'] / G)
  print(line)
if 'voxtile' in by and 'in-memory' in by:
  v, b = by['voxtile'][0], by['in-memory'][0]
  nv, nb = v['voxels'], b['output_voxels']
  tb = b.get('threads', 1)
  print('ratios per voxel (voxtile %d voxels on %d cores, in-memory %d voxels on %d threads): job wall / in-memory'
        ' total %.2f; compute core-seconds (task sum) / in-memory compute core-seconds %.2f' % (
    nv, v['cores'], nb, tb, (med('voxtile', 'job_s') / nv) / (med('in-memory', 'total_s') / nb),
    (med('voxtile', 'compute_s') / nv) / (med('in-memory', 'compute_s') * tb / nb)))
if 'voxtile' in by and 'pytorch' in by:
  print('ratio: PyTorch process wall / voxtile process wall = %.2f (above 1: voxtile faster)' % (
    med('pytorch', 'wall_s') / med('voxtile', 'wall_s')))
print('raw runs: ' + sys.argv[1])
PYEOF
}

# norm mode: report.json -> one JSON line, keeping whatever a staged run reports (per-stage entries
# under "stages" or "plan.stages", scratch bytes, times) without assuming their exact keys, since
# `run` gains staged plans on another branch: a missing figure is left out, never guessed
record_staged() { # label report.json t0 t1
  $PY - "$1" "$2" "$3" "$4" "$FLOPS" >>"$RESULTS" <<'PYEOF'
import json, sys
label, r, t0, t1, flops = sys.argv[1], json.load(open(sys.argv[2])), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
def flat(d, depth=1):  # numbers and names; nested objects one level deep, as 'outer.key'
  out = {}
  for k, v in d.items():
    if isinstance(v, dict) and depth:
      out.update({k + '.' + k2: v2 for k2, v2 in flat(v, 0).items()})
    elif isinstance(v, (int, float, str)) and not isinstance(v, bool):
      out[k] = v
  return out
vox = 1
for s in list(r['outputs'].values())[0]['shape']: vox *= s
stages = r.get('stages') or r.get('plan', {}).get('stages') or []
row = dict(label=label, wall_s=t1 - t0, job_s=r.get('total_s'), voxels=vox, flops=flops, tiles=r.get('tiles'),
  cores=r.get('spark', {}).get('default_parallelism'), times=flat(r.get('times', {})), bytes=flat(r.get('bytes', {})),
  stages=[flat(s) for s in stages], executor_heap_peak=r.get('memory', {}).get('executor_heap_peak'),
  driver_heap_peak=r.get('driver_memory', {}).get('heap_peak'))
print(json.dumps({k: v for k, v in row.items() if v is not None}))
PYEOF
  tail -1 "$RESULTS"
}

summary_norm() {
  $PY - "$RESULTS" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
by = {}
for r in rows: by.setdefault(r['label'], []).append(r)
def med(label, key, get=lambda r, k: r.get(k)):
  vals = [get(r, key) for r in by.get(label, []) if isinstance(get(r, key), (int, float))]
  return statistics.median(vals) if vals else None
def spread(label, key):
  vals = [r[key] for r in by.get(label, []) if key in r]
  return '%.2f s (%.2f to %.2f)' % (statistics.median(vals), min(vals), max(vals))
G = 1 << 30
print('\nmedians (runs per label: %s)' % {k: len(v) for k, v in by.items()})
if 'voxtile' in by:
  v = by['voxtile'][0]
  print('voxtile    process wall %s, job %.2f s, %.2f Mvoxel/s (job), %.1f GFLOP/s (job, network once), %s tiles on %s cores' % (
    spread('voxtile', 'wall_s'), med('voxtile', 'job_s'), v['voxels'] / med('voxtile', 'job_s') / 1e6,
    v['flops'] / med('voxtile', 'job_s') / 1e9, v.get('tiles', '?'), v.get('cores', '?')))
  times = ', '.join('%s %.2f' % (k, med('voxtile', k, lambda r, k: r['times'].get(k))) for k in v['times']
                    if isinstance(v['times'][k], (int, float)))
  print('           times (s): ' + times)
  scratch = {k: x for k, x in v['bytes'].items() if 'scratch' in k}
  print('           scratch: ' + (', '.join('%s %.1f MiB' % (k, x / 2**20) for k, x in scratch.items()) or 'none reported'))
  for i, s in enumerate(v.get('stages', [])):  # per stage: median over runs of each time, bytes as reported
    name = s.get('global') or s.get('node') or s.get('name') or ('stage %d' % i)
    at = lambda r, k: r['stages'][i].get(k) if i < len(r.get('stages', [])) else None
    parts = ['%s %.3f s' % (k, med('voxtile', k, at)) for k, x in s.items() if k.endswith('_s') and isinstance(x, (int, float))]
    parts += ['%s %.1f MiB' % (k, x / 2**20) for k, x in s.items() if 'bytes' in k and isinstance(x, (int, float))]
    print('           stage %d (%s): %s' % (i, name, ', '.join(parts) or json.dumps(s)))
  if not v.get('stages'):
    print('           (report.json has no per-stage entries)')
if 'in-memory' in by:
  b = by['in-memory'][0]
  print('in-memory  process wall %s, total %.2f s, %.2f Mvoxel/s, %.1f GFLOP/s; read %.2f / compute %.2f / write %.2f s;'
        ' of compute: %d global nodes reducing %.2f s, bound ops %.2f s; live maps %.2f GiB, heap peak %.2f GiB (max %.2f), %d threads' % (
    spread('in-memory', 'wall_s'), med('in-memory', 'total_s'), b['output_voxels'] / med('in-memory', 'total_s') / 1e6,
    b['flops'] / med('in-memory', 'total_s') / 1e9, med('in-memory', 'read_s'), med('in-memory', 'compute_s'),
    med('in-memory', 'write_s'), b['global_nodes'], med('in-memory', 'global_reduce_s'), med('in-memory', 'global_apply_s'),
    b['live_maps_peak'] / G, med('in-memory', 'heap_peak') / G, b['heap_max'] / G, b['threads']))
if 'pytorch' in by:
  t = by['pytorch'][0]
  print('pytorch    process wall %s (interpreter and imports included); read %.2f / compute %.2f / write %.2f s, %.1f GFLOP/s compute, %d threads' % (
    spread('pytorch', 'wall_s'), med('pytorch', 'read_s'), med('pytorch', 'compute_s'), med('pytorch', 'write_s'),
    t['flops'] / med('pytorch', 'compute_s') / 1e9, t['threads']))
  errs = [r['relative_diff'] for r in by['pytorch'] if 'relative_diff' in r]
  if errs:
    print('           largest |PyTorch - %s| / max |output|: %.3g' % (t['reference'], max(errs)))
if 'voxtile' in by and 'in-memory' in by:
  nv, nb = by['voxtile'][0]['voxels'], by['in-memory'][0]['output_voxels']
  print('ratio per voxel: voxtile job / in-memory total = %.2f; process walls %.2f' % (
    (med('voxtile', 'job_s') / nv) / (med('in-memory', 'total_s') / nb),
    (med('voxtile', 'wall_s') / nv) / (med('in-memory', 'wall_s') / nb)))
if 'voxtile' in by and 'pytorch' in by:
  print('ratio end to end: voxtile process wall / PyTorch process wall = %.2f (below 1: voxtile faster)' % (
    med('voxtile', 'wall_s') / med('pytorch', 'wall_s')))
if 'in-memory' in by and 'pytorch' in by:
  print('ratio: in-memory process wall / PyTorch process wall = %.2f; compute %.2f' % (
    med('in-memory', 'wall_s') / med('pytorch', 'wall_s'), med('in-memory', 'compute_s') / med('pytorch', 'compute_s')))
print('raw runs: ' + sys.argv[1])
PYEOF
}

summary_resample() {
  $PY - "$RESULTS" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
by = {}
for r in rows: by.setdefault(r['label'], []).append(r)
med = lambda label, key: statistics.median(r[key] for r in by[label])
G = 1 << 30
print('\nmedians (runs per label: %s)' % {k: len(v) for k, v in by.items()})
for case in ('scan', '512'):
  v = 'voxtile-' + case
  if v not in by: continue
  r0 = by[v][0]
  print('%s: output %s voxels' % (case, r0['voxels']))
  print('  voxtile  process wall %.2f s, job %.2f s (read %.2f / compute %.2f / write %.2f s, task sums), %d tiles on %d cores;'
        ' heap peak driver %.2f GiB, executor %.2f GiB, live maps per task %.0f MiB' % (med(v, 'wall_s'), med(v, 'job_s'),
        med(v, 'read_s'), med(v, 'compute_s'), med(v, 'write_s'), r0['tiles'], r0['cores'], med(v, 'driver_heap_peak') / G,
        med(v, 'executor_heap_peak') / G, r0['measured_live_maps'] / 2**20))
  for m in ('nibabel', 'zoom'):
    p = m + '-' + case
    if p in by:
      print('  %-8s process wall %.2f s (read %.2f, compute %.2f s, no write), peak RSS %.2f GiB; voxtile job / %s read+compute'
            ' = %.2f, voxtile process wall / %s process wall = %.2f' % (m, med(p, 'wall_s'), med(p, 'read_s'),
            med(p, 'compute_s'), med(p, 'peak_rss') / G, m, med(v, 'job_s') / (med(p, 'read_s') + med(p, 'compute_s')),
            m, med(v, 'wall_s') / med(p, 'wall_s')))
print('raw runs: ' + sys.argv[1])
PYEOF
}

# the launcher records its class-data archive on the first run after a build: not in a timed run
[ -f target/voxtile.jsa ] || [ -f target/voxtile.jsa.none ] || jobs/voxtile run conf/edge-features.yaml \
  --input t1=data-samples/phantom_t1.nii.gz --input t2=data-samples/phantom_t2.nii.gz \
  --output "$BENCH/prime" --overwrite >/dev/null 2>&1

synthetic() { # dir size: the 2-channel float32 volume, generated once
  if [ ! -f "$1/bench_t2.nii" ]; then
    echo "generating $1 (${2}^3, 2 channels, float32) ..." >&2
    "$JAVA" @target/jvm.flags -Xmx1g -cp "$CP" org.voxtile.bench.SyntheticScan "$1" "$2,$2,$2" >&2
  fi
}

case "$MODE" in
  job)
    SIZE=${2:-512}; RUNS=${3:-1}
    DATA=$BENCH/$SIZE
    synthetic "$DATA" "$SIZE"
    FLOPS=$(flops "$SIZE,$SIZE,$SIZE")
    for i in $(seq "$RUNS"); do
      voxtile_run voxtile "$BENCH/out-$SIZE" --input t1="$DATA/bench_t1.nii" --input t2="$DATA/bench_t2.nii"
    done
    base_data=$DATA; base_size=$SIZE; done_runs=0
    while [ "$done_runs" -lt "$RUNS" ]; do
      t0=$(now)
      line=$("$JAVA" @target/jvm.flags -Xmx"${BASELINE_XMX:-16g}" -cp "$CP" org.voxtile.bench.WholeVolumeRun \
        "$PIPELINE" "$base_data/bench_t1.nii" "$base_data/bench_t2.nii" "$BENCH/whole-$base_size.nii.gz" \
        "${BASELINE_THREADS:-$(nproc)}" 2>/dev/null)
      t1=$(now)
      echo "in-memory ${base_size}^3: $line"
      case "$line" in
        skipped=*) # too big for one JVM: the baseline per voxel comes from a size that fits
          [ "$base_size" = "${BASELINE_SIZE:-256}" ] && break
          base_size=${BASELINE_SIZE:-256}; base_data=$BENCH/$base_size
          synthetic "$base_data" "$base_size"
          FLOPS_BASE=$(flops "$base_size,$base_size,$base_size")
          continue ;;
      esac
      $PY -c 'import json,sys; d={k: float(v) for k, v in (kv.split("=") for kv in sys.argv[1].split())}
d.update(label="in-memory", wall_s=float(sys.argv[2]) - float(sys.argv[3]), flops=float(sys.argv[4]), size=sys.argv[5]); print(json.dumps(d))' \
        "$line" "$t1" "$t0" "${FLOPS_BASE:-$FLOPS}" "$base_size" >>"$RESULTS"
      done_runs=$((done_runs + 1))
    done
    ;;
  scan)
    RUNS=${2:-3}
    DATA=$BENCH/scan
    [ -f "$DATA/phantom_t2.nii.gz" ] || jobs/voxtile phantom "$DATA" --shape 181,217,181 --spacing 1 >&2
    FLOPS=$(flops 181,217,181)
    WEIGHTS=$BENCH/bench-reference.safetensors
    # untimed: reads the scan once, so every timed run finds it in the page cache
    jobs/voxtile run "$PIPELINE" --input t1="$DATA/phantom_t1.nii.gz" --input t2="$DATA/phantom_t2.nii.gz" \
      --output "$BENCH/out-scan" --overwrite >/dev/null 2>&1
    for i in $(seq "$RUNS"); do # interleaved, so both see the same machine load
      voxtile_run voxtile "$BENCH/out-scan" --input t1="$DATA/phantom_t1.nii.gz" \
        --input t2="$DATA/phantom_t2.nii.gz" --save-weights "$WEIGHTS"
      if [ "${SCAN_PLAIN:-0}" = 1 ]; then # the same without the start-up aids (docs/decisions.md 17)
        VOXTILE_CDS=0 BENCH_JAVA_OPTS=-Dvoxtile.warmUp=false voxtile_run voxtile-plain "$BENCH/out-plain" \
          --input t1="$DATA/phantom_t1.nii.gz" --input t2="$DATA/phantom_t2.nii.gz"
      fi
      t0=$(now)
      line=$($PY src/test/python/bench_reference_torch.py "$WEIGHTS" "$DATA/phantom_t1.nii.gz" \
        "$DATA/phantom_t2.nii.gz" "$BENCH/torch-scan.nii.gz" "$BENCH/out-scan/out.nii.gz")
      t1=$(now)
      echo "$line"
      $PY -c 'import json,sys; l=sys.argv[1].splitlines()[0].split()[1:]; d={k: float(v) for k, v in (kv.split("=") for kv in l)}
d.update(label="pytorch", wall_s=float(sys.argv[2]) - float(sys.argv[3])); print(json.dumps(d))' "$line" "$t1" "$t0" >>"$RESULTS"
    done
    ;;
  norm)
    RUNS=${2:-3}
    PIPELINE=conf/norm/nnunet-style.yaml
    RECORD=record_staged
    DATA=$BENCH/scan
    [ -f "$DATA/phantom_t2.nii.gz" ] || jobs/voxtile phantom "$DATA" --shape 181,217,181 --spacing 1 >&2
    INPUTS=(--input t1="$DATA/phantom_t1.nii.gz" --input t2="$DATA/phantom_t2.nii.gz")
    WEIGHTS=$BENCH/nnunet-style.safetensors            # voxtile's --save-weights
    WEIGHTS_BASE=$BENCH/nnunet-style.in-memory.safetensors
    WHOLE=$BENCH/whole-norm.nii.gz
    baseline() { # [WEIGHTS_OUT]: one in-memory run, its key=value line on stdout
      "$JAVA" @target/jvm.flags -Xmx"${BASELINE_XMX:-4g}" -cp "$CP" org.voxtile.bench.WholeVolumeRun "$PIPELINE" \
        "$DATA/phantom_t1.nii.gz" "$DATA/phantom_t2.nii.gz" "$WHOLE" "${BASELINE_THREADS:-$(nproc)}" "$@" 2>/dev/null
    }
    # untimed: reads the scan into the page cache, writes the weights, and counts the network's
    # MACs (describe refuses global nodes while plans are single-stage, so they come from here)
    line=$(baseline "$WEIGHTS_BASE")
    case "$line" in skipped=*) echo "in-memory baseline: $line (raise BASELINE_XMX)" >&2; exit 1 ;; esac
    FLOPS=$(echo "$line" | $PY -c 'import sys; print(2 * int(sys.stdin.read().split("macs=")[1].split()[0]))')
    # untimed: the voxtile run that writes the weights PyTorch uses; also tells whether `run` takes
    # this network yet (staged plans); if not, say why and time the other two
    if jobs/voxtile run "$PIPELINE" "${INPUTS[@]}" --output "$BENCH/out-norm" --overwrite \
        --save-weights "$WEIGHTS" >/dev/null 2>"$BENCH/out-norm.log"; then
      VOXTILE_OK=1
      # the same pipeline and seeds in one codebase: any difference is a bug, not noise
      cmp -s "$WEIGHTS" "$WEIGHTS_BASE" || { echo "voxtile's --save-weights differ from the in-memory baseline's" >&2; exit 1; }
      REFERENCE=$BENCH/out-norm/out.nii.gz REFERENCE_LABEL=voxtile
      if [ "${ONNX:-0}" = 1 ]; then # voxtile runs the network as a user's trained model: exported, imported
        $PY src/test/python/export_norm_onnx.py "$WEIGHTS" "$BENCH/nnunet-style.onnx" >&2 2>/dev/null
        VOXTILE_PIPELINE=$BENCH/nnunet-style.onnx
        REFERENCE=$BENCH/out-norm/output.nii.gz REFERENCE_LABEL=voxtile-onnx
        jobs/voxtile run "$VOXTILE_PIPELINE" "${INPUTS[@]}" --output "$BENCH/out-norm" --overwrite >/dev/null \
          2>"$BENCH/out-norm.log" || { cat "$BENCH/out-norm.log" >&2; exit 1; }
      fi
    else
      VOXTILE_OK=0
      echo "voxtile run skipped: $(grep -m1 '^voxtile:' "$BENCH/out-norm.log" || tail -1 "$BENCH/out-norm.log")" >&2
      echo "  (full log: $BENCH/out-norm.log); PyTorch uses the in-memory baseline's weights" >&2
      WEIGHTS=$WEIGHTS_BASE
      REFERENCE=$WHOLE REFERENCE_LABEL=in-memory
    fi
    for i in $(seq "$RUNS"); do # interleaved, so all three see the same machine load
      [ "$VOXTILE_OK" = 1 ] && voxtile_run voxtile "$BENCH/out-norm" "${INPUTS[@]}"
      t0=$(now)
      line=$(baseline)
      t1=$(now)
      echo "in-memory: $line"
      $PY -c 'import json,sys; d={k: float(v) for k, v in (kv.split("=") for kv in sys.argv[1].split())}
d.update(label="in-memory", wall_s=float(sys.argv[2]) - float(sys.argv[3]), flops=float(sys.argv[4])); print(json.dumps(d))' \
        "$line" "$t1" "$t0" "$FLOPS" >>"$RESULTS"
      t0=$(now)
      line=$($PY src/test/python/bench_norm_torch.py "$WEIGHTS" "$DATA/phantom_t1.nii.gz" "$DATA/phantom_t2.nii.gz" \
        "$BENCH/torch-norm.nii.gz" "$REFERENCE")
      t1=$(now)
      echo "$line"
      # first line: the timings; second: 'torch vs REF: ... relative R'
      $PY -c 'import json,sys; lines=sys.argv[1].splitlines(); d={k: float(v) for k, v in (kv.split("=") for kv in lines[0].split()[1:])}
d.update(label="pytorch", wall_s=float(sys.argv[2]) - float(sys.argv[3]), flops=float(sys.argv[4]), reference=sys.argv[5])
if len(lines) > 1 and " relative " in lines[1]: d["relative_diff"] = float(lines[1].rsplit(" relative ", 1)[1])
print(json.dumps(d))' "$line" "$t1" "$t0" "$FLOPS" "$REFERENCE_LABEL" >>"$RESULTS"
    done
    if [ "$VOXTILE_OK" = 1 ]; then # staged == whole exactly, by design: check it on the real thing
      $PY -c 'import nibabel as nib, numpy as np, sys
a, b = (np.asarray(nib.load(f).dataobj, dtype=np.float32) for f in sys.argv[1:3])
print("voxtile vs in-memory: " + ("bit for bit equal" if a.shape == b.shape and np.array_equal(a, b) else
      "DIFFER: shapes %s %s, max |diff| %s" % (a.shape, b.shape, np.abs(a - b).max() if a.shape == b.shape else "-")))' \
        "$REFERENCE" "$WHOLE"
    fi
    ;;
  windows)
    RUNS=${2:-3}
    PIPELINE=conf/norm/nnunet-windows.yaml
    RECORD=record_staged
    ROI=${ROI:-96,96,96} OVERLAP=${OVERLAP:-0.5} BLEND=${BLEND:-gaussian}
    DATA=$BENCH/scan
    [ -f "$DATA/phantom_t2.nii.gz" ] || jobs/voxtile phantom "$DATA" --shape 181,217,181 --spacing 1 >&2
    INPUTS=(--input t1="$DATA/phantom_t1.nii.gz" --input t2="$DATA/phantom_t2.nii.gz")
    WINDOW_FLAGS=(--sliding-window --roi-size "$ROI" --overlap "$OVERLAP" --blend "$BLEND" --sigma-scale 0.125)
    WEIGHTS=$BENCH/nnunet-windows.safetensors
    # 2 x MACs of one window's run (its node table) x the windows
    FLOPS=$(jobs/voxtile describe "$PIPELINE" --shape 181,217,181 "${WINDOW_FLAGS[@]}" --json 2>/dev/null | $PY -c \
      'import json,sys; d=json.load(sys.stdin); print(2 * d["totals"]["macs"] * d["sliding_window"]["windows"])')
    # untimed: writes the weights PyTorch uses and warms the page cache
    jobs/voxtile run "$PIPELINE" "${INPUTS[@]}" "${WINDOW_FLAGS[@]}" --output "$BENCH/out-windows" --overwrite \
      --save-weights "$WEIGHTS" >/dev/null 2>"$BENCH/out-windows.log" || { cat "$BENCH/out-windows.log" >&2; exit 1; }
    for i in $(seq "$RUNS"); do # interleaved, so both see the same machine load
      voxtile_run voxtile "$BENCH/out-windows" "${INPUTS[@]}" "${WINDOW_FLAGS[@]}"
      t0=$(now)
      line=$($PY src/test/python/bench_windows_torch.py "$WEIGHTS" "$DATA/phantom_t1.nii.gz" "$DATA/phantom_t2.nii.gz" \
        "$BENCH/torch-windows.nii.gz" "$ROI" "$OVERLAP" "$BLEND" 0.125 "$BENCH/out-windows/out.nii.gz")
      t1=$(now)
      echo "$line"
      $PY -c 'import json,sys; lines=sys.argv[1].splitlines(); d={k: float(v) for k, v in (kv.split("=") for kv in lines[0].split()[1:])}
d.update(label="pytorch", wall_s=float(sys.argv[2]) - float(sys.argv[3]), flops=float(sys.argv[4]), reference="voxtile")
if len(lines) > 1 and " relative " in lines[1]: d["relative_diff"] = float(lines[1].rsplit(" relative ", 1)[1])
print(json.dumps(d))' "$line" "$t1" "$t0" "$FLOPS" >>"$RESULTS"
    done
    ;;
  resample)
    RUNS=${2:-3}
    SCAN=$BENCH/scan
    [ -f "$SCAN/phantom_t1.nii.gz" ] || jobs/voxtile phantom "$SCAN" --shape 181,217,181 --spacing 1 >&2
    synthetic "$BENCH/512" 512
    FLOPS=0
    for spacing in 0.5 0.7; do
      printf 'name: resample-%s\ninputs: [t1]\nnodes:\n  - {name: out, op: resample, spacing: %s, order: 1}\noutputs: [out]\n' \
        "$spacing" "$spacing" > "$BENCH/resample-$spacing.yaml"
    done
    for i in $(seq "$RUNS"); do # interleaved, so all three see the same machine load
      for case in "0.5 $SCAN/phantom_t1.nii.gz scan" "0.7 $BENCH/512/bench_t1.nii 512"; do
        set -- $case
        VOXTILE_PIPELINE=$BENCH/resample-$1.yaml voxtile_run "voxtile-$3" "$BENCH/out-resample-$3" --input t1="$2"
        for method in nibabel zoom; do
          t0=$(now)
          line=$($PY src/test/python/bench_resample_scipy.py "$method" "$2" "$1")
          t1=$(now)
          echo "$line"
          $PY -c 'import json,sys; l=sys.argv[1].split(); d={k: float(v) for k, v in (kv.split("=") for kv in l[1:])}
d.update(label=sys.argv[4], wall_s=float(sys.argv[2]) - float(sys.argv[3])); print(json.dumps(d))' "$line" "$t1" "$t0" \
            "$method-$3" >>"$RESULTS"
        done
      done
    done
    ;;
  cluster)
    # the job on a standalone cluster of this machine: 2 workers of 1 core, executors of
    # $EXECUTOR_MEMORY (2g), the driver (client mode, this machine) $DRIVER_MEMORY (2g)
    SIZE=${2:-1024}; RUNS=${3:-1}
    DATA=$BENCH/$SIZE
    synthetic "$DATA" "$SIZE"
    FLOPS=$(flops "$SIZE,$SIZE,$SIZE")
    mvn -B -q package -DskipTests
    export SPARK_LOCAL_IP=127.0.0.1
    jobs/standalone.sh stop
    trap 'jobs/standalone.sh stop' EXIT
    MASTER=$(jobs/standalone.sh start 2 1 "${WORKER_MEMORY:-3g}")
    echo "standalone cluster $MASTER: 2 workers x 1 core, executors ${EXECUTOR_MEMORY:-2g}, driver ${DRIVER_MEMORY:-2g}" >&2
    FORMATS=${BENCH_FORMATS:-nifti}
    for i in $(seq "$RUNS"); do
      for format in $FORMATS; do
        label=voxtile-cluster; [ "$FORMATS" = nifti ] || label=voxtile-cluster-$format
        out=$BENCH/out-cluster-$SIZE-$format
        rm -rf "$out" # one output at a time on disk: the previous format's is not needed for the figures
        t0=$(now)
        MASTER=$MASTER EXECUTOR_MEMORY=${EXECUTOR_MEMORY:-2g} DRIVER_MEMORY=${DRIVER_MEMORY:-2g} \
          jobs/submit-standalone.sh "$ROOT/$PIPELINE" --input t1="$DATA/bench_t1.nii" --input t2="$DATA/bench_t2.nii" \
          --output "$out" --overwrite --output-format "$format" >/dev/null 2>"$out.log" || { tail -30 "$out.log" >&2; exit 1; }
        t1=$(now)
        record "$label" "$out/report.json" "$t0" "$t1"
      done
    done
    ;;
  batch)
    # N copies (hard links) of the scan phantom in one manifest, voxtile's batch (local mode, Spark
    # start included) against PyTorch looping over the same manifest in one process, interleaved
    N=${2:-20}; RUNS=${3:-1}
    DATA=$BENCH/scan
    [ -f "$DATA/phantom_t2.nii.gz" ] || jobs/voxtile phantom "$DATA" --shape 181,217,181 --spacing 1 >&2
    WEIGHTS=$BENCH/bench-reference.safetensors
    jobs/voxtile run "$PIPELINE" --input t1="$DATA/phantom_t1.nii.gz" --input t2="$DATA/phantom_t2.nii.gz" \
      --output "$BENCH/out-scan" --overwrite --save-weights "$WEIGHTS" >/dev/null 2>&1 # untimed: weights, page cache
    SCANS=$BENCH/batch-$N; rm -rf "$SCANS"; mkdir -p "$SCANS"
    echo scan_id,t1,t2 > "$SCANS/scans.csv"
    for s in $(seq -w 1 "$N"); do
      ln "$DATA/phantom_t1.nii.gz" "$SCANS/s${s}_t1.nii.gz"; ln "$DATA/phantom_t2.nii.gz" "$SCANS/s${s}_t2.nii.gz"
      echo "s$s,s${s}_t1.nii.gz,s${s}_t2.nii.gz" >> "$SCANS/scans.csv"
    done
    for i in $(seq "$RUNS"); do
      t0=$(now)
      jobs/voxtile run "$PIPELINE" --manifest "$SCANS/scans.csv" --output "$BENCH/out-batch" \
        --overwrite >/dev/null 2>"$BENCH/out-batch.log" || { tail -30 "$BENCH/out-batch.log" >&2; exit 1; }
      t1=$(now)
      line=$($PY src/test/python/bench_reference_torch.py "$WEIGHTS" --manifest "$SCANS/scans.csv" "$BENCH/torch-batch")
      t2=$(now)
      $PY -c 'import sys; n, v, t = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print("batch of %d: voxtile %.1f s (%.2f scans/min), pytorch %.1f s (%.2f scans/min), voxtile/pytorch %.2fx  [%s]" % (n, v, 60 * n / v, t, 60 * n / t, t / v, sys.argv[4]))' \
        "$N" "$($PY -c "print($t1 - $t0)")" "$($PY -c "print($t2 - $t1)")" "$line"
    done
    exit 0
    ;;
  warm)
    # executors' warm-up (issue 16): the scan phantom in tiles of $WARM_TILE on a standalone
    # cluster (2 workers x 1 core), runs interleaved without and with the warm-up; per task the
    # executor run time from Spark's event log, each executor's first task against its later ones
    RUNS=${2:-1}
    DATA=$BENCH/scan
    [ -f "$DATA/phantom_t2.nii.gz" ] || jobs/voxtile phantom "$DATA" --shape 181,217,181 --spacing 1 >&2
    mvn -B -q package -DskipTests
    export SPARK_LOCAL_IP=127.0.0.1
    jobs/standalone.sh stop
    trap 'jobs/standalone.sh stop' EXIT
    MASTER=$(jobs/standalone.sh start 2 1 "${WORKER_MEMORY:-3g}")
    for i in $(seq "$RUNS"); do
      for warm in false true; do
        events=$BENCH/events-warm-$warm-$i; rm -rf "$events"; mkdir -p "$events"
        MASTER=$MASTER EXECUTOR_JAVA_OPTS=-Dvoxtile.warmUp=$warm EVENT_LOG_DIR=file://$events \
          jobs/submit-standalone.sh "$ROOT/$PIPELINE" --input t1="$DATA/phantom_t1.nii.gz" \
          --input t2="$DATA/phantom_t2.nii.gz" --tile "${WARM_TILE:-96,112,96}" \
          --output "$BENCH/out-warm" --overwrite >/dev/null 2>"$BENCH/out-warm.log" || { tail -30 "$BENCH/out-warm.log" >&2; exit 1; }
        $PY src/test/python/task_times.py "warm-up=$warm" "$events"/*
      done
    done
    exit 0
    ;;
  *) echo "usage: jobs/bench.sh job [SIZE] [RUNS] | scan [RUNS] | norm [RUNS] | windows [RUNS] | resample [RUNS] | batch [N] [RUNS] | warm [RUNS] | cluster [SIZE] [RUNS]" >&2; exit 2 ;;
esac
if [ "$MODE" = norm ] || [ "$MODE" = windows ]; then summary_norm; elif [ "$MODE" = resample ]; then summary_resample; else summary; fi
