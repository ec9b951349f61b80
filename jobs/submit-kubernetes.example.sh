#!/usr/bin/env bash
# EXAMPLE, not runnable on this machine (no Kubernetes here; not tested): voxtile on Kubernetes.
# Needs a Spark 4.1 distribution ($SPARK_HOME), an image with Java 17, Spark and the job jar
# (e.g. built from Spark's kubernetes/dockerfiles with target/voxtile-*.jar copied to
# /opt/voxtile/), a service account allowed to create pods, and a volume with the scans and the
# output mounted at the same path in the driver and executor pods (here a PVC at /data).
set -euo pipefail
: "${SPARK_HOME:?}" "${K8S_API:?e.g. https://kubernetes.default.svc:443}" "${IMAGE:?voxtile image}"
"$SPARK_HOME/bin/spark-submit" \
  --master "k8s://$K8S_API" --deploy-mode cluster --name voxtile \
  --properties-file conf/spark-defaults.conf \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.executor.instances=4 --conf spark.executor.memory=4g --conf spark.executor.cores=2 \
  --conf spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path=/data \
  --conf spark.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName=voxtile-data \
  --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path=/data \
  --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.claimName=voxtile-data \
  --class org.voxtile.cli.Main local:///opt/voxtile/voxtile-0.1.0-SNAPSHOT.jar \
  run /data/conf/unet.yaml --bids /data/bids --output /data/out --memory-per-task 1g
