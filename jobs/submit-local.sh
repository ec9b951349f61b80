#!/usr/bin/env bash
# The job jar through spark-submit in local mode (all cores), as on a workstation:
#   jobs/submit-local.sh conf/edge-features.yaml --input t1=A.nii.gz --input t2=B.nii.gz --output out
# Any `voxtile run` arguments after the pipeline. env: MASTER (local[*]), DRIVER_MEMORY (4g)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$(ls "$ROOT"/target/voxtile-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then (cd "$ROOT" && mvn -B -q clean package -DskipTests >&2); JAR=$(ls "$ROOT"/target/voxtile-*.jar | grep -v original | head -1); fi
VOXTILE_DRIVER_OPTS="-Xmx${DRIVER_MEMORY:-4g}" exec "$ROOT/jobs/spark-submit.sh" \
  --master "${MASTER:-local[*]}" --properties-file "$ROOT/conf/spark-defaults.conf" \
  --class org.voxtile.cli.Main "$JAR" run "$@"
