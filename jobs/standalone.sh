#!/usr/bin/env bash
# A Spark standalone cluster on this machine from Maven-resolved Spark jars (no Spark
# distribution needed), for trying voxtile's cluster path and for jobs/bench.sh cluster:
#   jobs/standalone.sh start [WORKERS=2] [CORES_PER_WORKER=1] [MEMORY_PER_WORKER=3g]
#       starts a Master and WORKERS Workers on 127.0.0.1 in the background, prints the master URL
#       (also in target/standalone/master-url) and returns once every worker has registered
#   jobs/standalone.sh stop      stops every process it started (by PID, from target/standalone/pids)
# Then: MASTER=$(cat target/standalone/master-url) jobs/submit-standalone.sh PIPELINE ...
# Logs: target/standalone/logs. Executors' logs: target/standalone/work<i>/app-*/<id>/stderr.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${STANDALONE_BASE:-$ROOT/target/standalone}
JAVA=${JAVA:-java}
export SPARK_HOME=${VOXTILE_SPARK_HOME:-$ROOT/target/spark-home}
export SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
FLAGS=$ROOT/target/jvm.flags

fail() { echo "standalone: $*" >&2; exit 1; }

wait_log() {  # file pattern timeout_s
  for _ in $(seq 1 "$(( $3 * 4 ))"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done
  tail -20 "$1" >&2 || true; fail "timeout after $3 s waiting for '$2' in $1"
}

stop() {
  [ -f "$BASE/pids" ] || return 0
  local pid
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$BASE/pids"
  while read -r pid; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done < "$BASE/pids"
  rm -f "$BASE/pids" "$BASE/master-url"
}

start() {
  local workers=${1:-2} cores=${2:-1} memory=${3:-3g}
  [ -f "$BASE/pids" ] && fail "a cluster is running (pids in $BASE/pids): jobs/standalone.sh stop first"
  # assembles $SPARK_HOME/jars once, and target/jvm.flags
  "$ROOT/jobs/spark-submit.sh" --version > /dev/null 2>&1 || fail "cannot run SparkSubmit (jobs/spark-submit.sh --version)"
  mkdir -p "$BASE/logs" "$SPARK_HOME/conf"
  : > "$BASE/pids"
  local port
  for _ in $(seq 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || break
  done
  "$JAVA" @"$FLAGS" -Xmx256m -Dspark.master.rest.enabled=false -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
    > "$BASE/logs/master.log" 2>&1 &
  echo $! >> "$BASE/pids"
  wait_log "$BASE/logs/master.log" "I have been elected leader" 90
  local i
  for i in $(seq "$workers"); do
    rm -rf "$BASE/work$i"; mkdir -p "$BASE/work$i"
    "$JAVA" @"$FLAGS" -Xmx256m -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port 0 --cores "$cores" --memory "$memory" --work-dir "$BASE/work$i" \
      "spark://127.0.0.1:$port" > "$BASE/logs/worker$i.log" 2>&1 &
    echo $! >> "$BASE/pids"
  done
  for i in $(seq "$workers"); do wait_log "$BASE/logs/worker$i.log" "Successfully registered with master" 90; done
  echo "spark://127.0.0.1:$port" > "$BASE/master-url"
  echo "spark://127.0.0.1:$port"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: jobs/standalone.sh start [WORKERS] [CORES_PER_WORKER] [MEMORY_PER_WORKER] | stop" >&2; exit 2 ;;
esac
