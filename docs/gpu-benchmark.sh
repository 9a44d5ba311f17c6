#!/usr/bin/env bash
# The GPU check for all four pipelines, about two minutes on one GPU: the points of every built-in model on the
# IMM photos as whole images or boxes of their points (to compare with the CPU's), the detect command over a folder
# with the face detector (its model found as detect --help says, e.g. FACIAL_KEYPOINTS_MODELS), and the bench table
# (ceiling, raw and real training, detection latency and folder throughput, threads, UNet heatmap resolution).
#
# The project ships only the CPU build of libtorch (Maven Central has no CUDA build). On a GPU machine, point DJL at
# a CUDA libtorch first: with PyTorch installed for python3, docs/build-djl-jni.sh builds DJL's JNI library for it
# and prints the variables to export.
# Usage: docs/gpu-benchmark.sh <IMM folder> [output folder]   (from the project root, after mvn -DskipTests package)
#   FK: how to start the tool (default: java -jar target/facial-keypoints.jar)
set -uo pipefail
data=${1:?usage: docs/gpu-benchmark.sh <IMM folder> [output folder]}
out=${2:-target/gpu-benchmark}
fk=${FK:-java -jar target/facial-keypoints.jar}
mkdir -p "$out"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}
for model in nose face resnet unet; do
  $fk detect --device gpu --model $model --whole-image --csv "$out/whole-$model.csv" "$data" 2>&1 | tail -n 2 || exit
done
for model in nose face resnet unet; do
  $fk detect --device gpu --model $model --csv "$out/folder-$model.csv" "$data" 2>&1 | tail -n 1
done
$fk bench --device gpu --data "$data" --epochs 2 --memory-epochs 0 --out "$out/BENCHMARKS-gpu.md" 2>&1 | tee "$out/bench.txt"
