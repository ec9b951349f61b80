#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, from Maven-resolved Spark jars (no Spark
# distribution): a Master and two Workers bound to 127.0.0.1, one core each. Submits the voxtile
# job jar with SparkSubmit and checks that
#   1. the sample job (conf/edge-features.yaml) runs on executors in JVMs of their own and its
#      outputs are bit-identical to the same job in local mode;
#   2. sliding-window inference (golden/sliding's network with instance norm, 27 windows of 48^3,
#      Gaussian blend) gives the same bytes on the cluster as in local mode;
#   3. killing one executor JVM (kill -9) mid-job, the job still finishes (Spark re-runs the lost
#      tasks on a replacement executor) with outputs bit-identical to local mode.
# Stops everything it started, by PID, on any exit. Exits non-zero on any failure.
# Runs in `mvn verify` (integration-test phase); skip with -Dvoxtile.skipCluster.
#
#   jobs/cluster-check.sh [JOB_JAR]        (default: target/voxtile-*.jar, build with mvn package)
# env: CLUSTER_BASE (target/cluster-check)  SPARK_VERSION (4.1.3)  JAVA (java)  CLUSTER_PORT (random)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${1:-$(ls "$ROOT"/target/voxtile-*.jar 2>/dev/null | grep -v original | head -1)}
[ -f "$JAR" ] || { echo "cluster-check: no job jar (run mvn package): ${JAR:-none}" >&2; exit 1; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
BASE=${CLUSTER_BASE:-$ROOT/target/cluster-check}
SPARK_VERSION=${SPARK_VERSION:-4.1.3}
JAVA=${JAVA:-java}
export SPARK_HOME=${VOXTILE_SPARK_HOME:-$ROOT/target/spark-home}   # shared with jobs/spark-submit.sh; the Worker builds executor classpaths from $SPARK_HOME/{conf,jars}
export SPARK_SCALA_VERSION=2.13      # required: else executors fail "Cannot find any build directories."
export SPARK_LOCAL_IP=127.0.0.1
FLAGS=$ROOT/target/jvm.flags         # Spark's JavaModuleOptions for Java 17 (written by mvn from the pom)
LOGS=$BASE/logs
PIDS=()
START=$(date +%s)

say() { echo "cluster-check [$(( $(date +%s) - START ))s]: $*"; }
fail() { echo "cluster-check: FAILED: $*" >&2; exit 1; }

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [ "$status" = 0 ] || { echo "cluster-check: logs in $LOGS" >&2; }
  exit "$status"
}
trap cleanup EXIT INT TERM

wait_log() {  # file pattern timeout_s
  for _ in $(seq 1 "$(( $3 * 4 ))"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.25; done
  tail -20 "$1" >&2 || true; fail "timeout after $3 s waiting for '$2' in $1"
}

free_port() {  # a port nobody listens on, from a range unlikely to be in use
  local p
  for _ in $(seq 50); do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo "$p"; return; }
  done
  fail "no free port found"
}

setup() {
  [ -f "$FLAGS" ] || fail "$FLAGS missing (run mvn package)"
  mkdir -p "$SPARK_HOME/conf" "$LOGS"
  if [ ! -f "$SPARK_HOME/jars/.complete" ]; then
    say "assembling SPARK_HOME/jars from Maven (Spark $SPARK_VERSION)"
    rm -rf "$SPARK_HOME/jars"
    mvn -B -q -f "$ROOT/jobs/spark-dist/pom.xml" dependency:copy-dependencies -Dspark.version="$SPARK_VERSION" \
      -DincludeScope=runtime -DoutputDirectory="$SPARK_HOME/jars" ${MAVEN_OFFLINE:+-o}
    touch "$SPARK_HOME/jars/.complete"
  fi
  cat > "$SPARK_HOME/conf/log4j2.properties" <<'PROPS'
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n%ex
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
logger.sched.name = org.apache.spark.scheduler
logger.sched.level = info
logger.voxtile.name = org.voxtile
logger.voxtile.level = info
PROPS
}

start_cluster() {
  PORT=${CLUSTER_PORT:-$(free_port)}
  MASTER_URL=spark://127.0.0.1:$PORT
  "$JAVA" @"$FLAGS" -Xmx256m -Dspark.master.rest.enabled=false -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 0 \
    > "$LOGS/master.log" 2>&1 &
  PIDS+=($!)
  wait_log "$LOGS/master.log" "I have been elected leader" 90
  for i in 1 2; do
    rm -rf "$BASE/work$i"; mkdir -p "$BASE/work$i"
    "$JAVA" @"$FLAGS" -Xmx256m -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --webui-port 0 --cores 1 --memory 1g --work-dir "$BASE/work$i" "$MASTER_URL" \
      > "$LOGS/worker$i.log" 2>&1 &
    PIDS+=($!)
    eval "WORKER$i=$!"
  done
  for i in 1 2; do wait_log "$LOGS/worker$i.log" "Successfully registered with master" 90; done
  say "master $MASTER_URL (pid ${PIDS[0]}), workers pid $WORKER1 $WORKER2"
}

submit() {  # master out-dir log pipeline [job args]: client mode, the driver is this java process
  local master=$1 out=$2 log=$3 pipeline=$4; shift 4
  "$JAVA" @"$FLAGS" -Dlog4j2.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
    -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
    --master "$master" --deploy-mode client --class org.voxtile.cli.Main \
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.executor.memory=512m --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.ui.enabled=false --conf spark.ui.showConsoleProgress=false \
    --conf "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector" \
    "$JAR" run "$ROOT/$pipeline" \
    --input t1="$ROOT/data-samples/phantom_t1.nii.gz" --input t2="$ROOT/data-samples/phantom_t2.nii.gz" \
    --output "$out" --overwrite "$@" > "$log" 2>&1
}

same_outputs() {  # dirA dirB: every .nii.gz identical voxel bytes and header
  local n=0 f
  for f in "$1"/*.nii.gz; do
    cmp -s <(gzip -dc "$f") <(gzip -dc "$2/$(basename "$f")") || fail "$(basename "$f") differs: $1 vs $2"
    n=$((n + 1))
  done
  [ "$n" -gt 0 ] || fail "no outputs in $1"
  [ -f "$1/_SUCCESS" ] && [ -f "$2/_SUCCESS" ] || fail "_SUCCESS missing in $1 or $2"
  say "$n output file(s) bit-identical: $(basename "$2") == $(basename "$1")"
}

executors_of() {  # worker pid -> its executor JVM pids
  ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true
}

setup
rm -rf "$BASE/out"; mkdir -p "$BASE/out"
# The reference: local mode in the spark-submit JVM (before the cluster takes memory and cores).
say "local-mode runs"
submit "local[2]" "$BASE/out/local-edges" "$LOGS/local-edges.log" conf/edge-features.yaml --tile 40,48,40 \
  || { tail -20 "$LOGS/local-edges.log" >&2; fail "local run (edge-features)"; }
submit "local[2]" "$BASE/out/local-vgg" "$LOGS/local-vgg.log" conf/vgg.yaml --tile 16 \
  || { tail -20 "$LOGS/local-vgg.log" >&2; fail "local run (vgg)"; }
WINDOWS=(--sliding-window --roi-size 48,48,48 --overlap 0.5 --blend gaussian)
SLIDING=src/test/resources/golden/sliding/pipeline.yaml
submit "local[2]" "$BASE/out/local-windows" "$LOGS/local-windows.log" "$SLIDING" "${WINDOWS[@]}" \
  || { tail -20 "$LOGS/local-windows.log" >&2; fail "local run (sliding windows)"; }
start_cluster

# 1. the sample job on the cluster
say "cluster run: edge-features"
submit "$MASTER_URL" "$BASE/out/cluster-edges" "$LOGS/cluster-edges.log" conf/edge-features.yaml --tile 40,48,40 \
  || { tail -30 "$LOGS/cluster-edges.log" >&2; fail "cluster run (edge-features)"; }
ADDED=$(grep -c "Executor added" "$LOGS/cluster-edges.log" || true)
[ "$ADDED" -ge 2 ] || fail "the driver saw $ADDED executor(s), expected one per worker"
for i in 1 2; do  # each executor JVM logs to <worker work dir>/<app>/<executor id>/stderr
  ls "$BASE/work$i"/app-*/*/stderr > /dev/null 2>&1 || fail "worker $i started no executor"
done
say "executors ran in their own JVMs under both workers ($ADDED added; logs in $BASE/work{1,2}/app-*)"
same_outputs "$BASE/out/local-edges" "$BASE/out/cluster-edges"

# 2. sliding windows: one task per window on the executors, blended by the driver in window order
say "cluster run: sliding windows"
submit "$MASTER_URL" "$BASE/out/cluster-windows" "$LOGS/cluster-windows.log" "$SLIDING" "${WINDOWS[@]}" \
  || { tail -30 "$LOGS/cluster-windows.log" >&2; fail "cluster run (sliding windows)"; }
same_outputs "$BASE/out/local-windows" "$BASE/out/cluster-windows"

# 3. kill one executor JVM mid-job
say "cluster run with an executor killed: vgg, tile 16"
submit "$MASTER_URL" "$BASE/out/cluster-vgg" "$LOGS/cluster-vgg.log" conf/vgg.yaml --tile 16 &
DRIVER=$!
PIDS+=("$DRIVER")
wait_log "$LOGS/cluster-vgg.log" "Finished task 2\.0" 120
VICTIM=$(executors_of "$WORKER1" | head -1)
OTHER=$(executors_of "$WORKER2" | head -1)
[ -n "$VICTIM" ] && [ -n "$OTHER" ] || fail "expected an executor JVM under each worker, got '$VICTIM' '$OTHER'"
[ "$VICTIM" != "$DRIVER" ] && [ "$OTHER" != "$DRIVER" ] && [ "$VICTIM" != "$OTHER" ] \
  || fail "executors must be JVMs of their own: driver $DRIVER, executors $VICTIM $OTHER"
say "executor JVMs: pid $VICTIM (worker 1), pid $OTHER (worker 2); driver pid $DRIVER"
say "kill -9 executor pid $VICTIM (child of worker pid $WORKER1; driver pid $DRIVER)"
kill -9 "$VICTIM"
if ! wait "$DRIVER"; then tail -30 "$LOGS/cluster-vgg.log" >&2; fail "job did not survive the executor kill"; fi
grep -qE "Lost executor|ExecutorLostFailure|exited with code 137" "$LOGS/cluster-vgg.log" \
  || fail "the driver never saw the executor die: the kill came too late"
grep -E "Lost executor|Executor added" "$LOGS/cluster-vgg.log" | cut -c1-160 | sed 's/^/    /'
same_outputs "$BASE/out/local-vgg" "$BASE/out/cluster-vgg"
say "PASSED"
