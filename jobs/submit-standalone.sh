#!/usr/bin/env bash
# The job jar on a Spark standalone cluster, client mode (the driver runs here):
#   MASTER=spark://host:7077 jobs/submit-standalone.sh conf/unet.yaml \
#     --input t1=/shared/A.nii.gz --input t2=/shared/B.nii.gz --output /shared/out
# Inputs and the output directory must be on a filesystem every executor sees at the same path
# (NFS, a cluster filesystem): tasks read their input boxes and write their tiles there.
# env: MASTER (required), EXECUTOR_MEMORY (2g), TOTAL_CORES (all), DRIVER_MEMORY (2g),
#   EXECUTOR_JAVA_OPTS (added to the executors' flags, e.g. -Dvoxtile.warmUp=false),
#   EVENT_LOG_DIR (Spark's event log there: per-task timings)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${MASTER:?set MASTER=spark://host:port}"
JAR=$(ls "$ROOT"/target/voxtile-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then (cd "$ROOT" && mvn -B -q clean package -DskipTests >&2); JAR=$(ls "$ROOT"/target/voxtile-*.jar | grep -v original | head -1); fi
ARGS=(--master "$MASTER" --deploy-mode client --properties-file "$ROOT/conf/spark-defaults.conf"
  --conf "spark.executor.memory=${EXECUTOR_MEMORY:-2g}")
[ -n "${TOTAL_CORES:-}" ] && ARGS+=(--conf "spark.cores.max=$TOTAL_CORES")
[ -n "${EXECUTOR_JAVA_OPTS:-}" ] && ARGS+=(--conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector $EXECUTOR_JAVA_OPTS")
[ -n "${EVENT_LOG_DIR:-}" ] && ARGS+=(--conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=$EVENT_LOG_DIR"
  --conf spark.eventLog.compress=false --conf spark.eventLog.rolling.enabled=false)
VOXTILE_DRIVER_OPTS="-Xmx${DRIVER_MEMORY:-2g}" exec "$ROOT/jobs/spark-submit.sh" "${ARGS[@]}" \
  --class org.voxtile.cli.Main "$JAR" run "$@"
