#!/usr/bin/env bash
# EXAMPLE, not runnable on this machine (no Hadoop/YARN here; not tested): voxtile on YARN.
# Needs a Spark 4.1 distribution built for your Hadoop ($SPARK_HOME), HADOOP_CONF_DIR pointing at
# the cluster's configuration, Java 17 on the nodes, and inputs/outputs on a filesystem all nodes
# and the driver see at the same path (e.g. an NFS mount; hdfs:// paths arrive with issue 6).
set -euo pipefail
: "${SPARK_HOME:?}" "${HADOOP_CONF_DIR:?}"
"$SPARK_HOME/bin/spark-submit" \
  --master yarn --deploy-mode cluster \
  --properties-file conf/spark-defaults.conf \
  --num-executors 8 --executor-cores 2 --executor-memory 4g --driver-memory 2g \
  --conf spark.yarn.maxAppAttempts=1 \
  --files conf/unet.yaml \
  --class org.voxtile.cli.Main target/voxtile-0.1.0-SNAPSHOT.jar \
  run unet.yaml --input t1=/shared/sub-01_T1w.nii.gz --input t2=/shared/sub-01_T2w.nii.gz \
  --output /shared/out/sub-01 --memory-per-task 1g
# --files ships the pipeline into the driver's working directory (cluster mode); weights files
# named by the pipeline go the same way (--files conf/weights.safetensors).
