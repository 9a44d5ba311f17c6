#!/usr/bin/env bash
# The GPU check for all four pipelines, a few minutes end to end on one GPU: the bench table (ceiling, raw and real
# training, detection) and a short training run per pipeline with its validation figures.
#
# The project ships only the CPU build of libtorch (Maven Central has no CUDA build of it). On a GPU machine,
# unpack libtorch 2.7.1 for CUDA from pytorch.org and point DJL at it before running this script:
#   export PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu126
# Usage: docs/gpu-benchmark.sh <IMM folder> [output folder]   (from the project root, after mvn -DskipTests package)
set -euo pipefail
data=${1:?usage: docs/gpu-benchmark.sh <IMM folder> [output folder]}
out=${2:-target/gpu-benchmark}
jar=target/facial-keypoints.jar
mkdir -p "$out"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
java -jar "$jar" bench --device gpu --data "$data" --memory-epochs 0 --out "$out/BENCHMARKS-gpu.md"
for run in "nose compact 30" "face compact 40" "resnet resnet18 20" "unet unet 20"; do
  set -- $run
  start=$(date +%s)
  java -jar "$jar" train --device gpu --pipeline "$1" --arch "$2" --epochs "$3" --flip --seed 1 \
      --data "$data" --out "$out/$1.zip" | tail -n 3
  echo "$1: trained in $(( $(date +%s) - start )) s" | tee -a "$out/train-times.txt"
  java -jar "$jar" evaluate --device gpu --model "$out/$1.zip" --data "$data" --split val | tail -n 1 | tee "$out/$1-val.json"
done
