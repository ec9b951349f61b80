#!/usr/bin/env bash
# spark-submit for voxtile: $SPARK_HOME/bin/spark-submit when SPARK_HOME is a Spark distribution,
# otherwise SparkSubmit run from Maven-resolved Spark jars (assembled once under
# target/spark-home/jars from jobs/spark-dist/pom.xml). Arguments are spark-submit's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  exec "$SPARK_HOME/bin/spark-submit" "$@"
fi
HOME_DIR=${VOXTILE_SPARK_HOME:-$ROOT/target/spark-home}
if [ ! -f "$HOME_DIR/jars/.complete" ]; then
  echo "voxtile: assembling Spark jars in $HOME_DIR/jars (mvn dependency:copy-dependencies) ..." >&2
  rm -rf "$HOME_DIR/jars"
  mvn -B -q -f "$ROOT/jobs/spark-dist/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$HOME_DIR/jars" >&2
  touch "$HOME_DIR/jars/.complete"
fi
[ -f "$ROOT/target/jvm.flags" ] || (cd "$ROOT" && mvn -B -q package -DskipTests >&2)
export SPARK_HOME=$HOME_DIR SPARK_SCALA_VERSION=2.13
# client mode: the driver is this JVM, so its flags go on this command line
exec "${JAVA:-java}" @"$ROOT/target/jvm.flags" -Djava.awt.headless=true ${VOXTILE_DRIVER_OPTS:-} \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$HOME_DIR/jars/*" org.apache.spark.deploy.SparkSubmit "$@"
