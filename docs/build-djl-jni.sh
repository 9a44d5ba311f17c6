#!/usr/bin/env bash
# Builds DJL's PyTorch JNI library (libdjl_torch.so) against a CUDA libtorch that is already installed, for example
# the one inside a pip-installed PyTorch, and puts it where DJL looks for it. Maven Central has only the CPU build of
# libtorch, and a machine without internet cannot download DJL's prebuilt CUDA library; this is the way to run the
# project on a GPU there. About 30 s on 16 cores.
#
# Usage: docs/build-djl-jni.sh <DJL 0.36.0 source folder> <cache folder>
#   The DJL source is a checkout of github.com/deepjavalibrary/djl at tag v0.36.0 (the version in pom.xml).
#   Needs: python3 with torch (for its headers, libraries and version), g++, and a JDK (javac, jni.h).
# Prints the environment variables that make DJL use that libtorch with the new library (and find the CUDA runtime).
set -euo pipefail
djl=$(cd "${1:?usage: docs/build-djl-jni.sh <DJL source> <cache folder>}" && pwd)
cache=$(mkdir -p "${2:?usage: docs/build-djl-jni.sh <DJL source> <cache folder>}" && cd "$2" && pwd)
read -r torch version flavor abi < <(python3 -c "import torch, os
cuda = torch.version.cuda
print(os.path.dirname(torch.__file__), torch.__version__.split('+')[0],
      'cu' + cuda.replace('.', '') if cuda else 'cpu', int(torch._C._GLIBCXX_USE_CXX11_ABI))")
native=$djl/engines/pytorch/pytorch-native/src/main/native
[ -d "$native" ] || { echo "no DJL JNI sources under $native" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The JNI header comes from DJL's Java class, so that its native methods match the pytorch-engine jar; where this
# machine has no javac, DJL_JNI_HEADER_DIR names a folder with that header made elsewhere (javac -h).
mkdir -p "$work/include"
if [ -n "${DJL_JNI_HEADER_DIR:-}" ]; then
  cp "$DJL_JNI_HEADER_DIR"/ai_djl_pytorch_jni_PyTorchLibrary.h "$work/include/"
else
  javac -h "$work/include" -d "$work/classes" -sourcepath "$djl/engines/pytorch/pytorch-engine/src/main/java" \
      "$djl/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
fi
jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
flags=(-std=c++17 -O2 -fPIC -w "-D_GLIBCXX_USE_CXX11_ABI=$abi" -I"$torch/include" -I"$torch/include/torch/csrc/api/include"
       -I"$work/include" -I"$djl/api/src/main/native" -I"$jdk/include" -I"$jdk/include/linux")
# Without USE_CUDA: the GPU still works through libtorch; only DJL's emptyCache and its separate inference stream for
# TorchScript modules, neither used here, need the CUDA headers.
printf '%s\n' "$native"/*.cc | xargs -P "$(nproc)" -I{} sh -c 'g++ "$@" -c "{}" -o "'"$work"'/$(basename "{}" .cc).o"' _ "${flags[@]}"
out=$cache/pytorch/$version-$flavor-linux-x86_64
mkdir -p "$out"
g++ -shared -o "$work/libdjl_torch.so" "$work"/*.o -L"$torch/lib" -ltorch -ltorch_cpu -lc10 -Wl,-rpath,"$torch/lib" -Wl,--no-undefined
mv "$work/libdjl_torch.so" "$out/0.36.0-libdjl_torch.so"
# DJL counts GPUs through the CUDA runtime, which JNA looks up as libcudart.so; PyTorch's pip packages bring it only
# under its versioned name.
cudart=$(find "$(dirname "$torch")/nvidia" /usr/local/cuda/lib64 -name 'libcudart.so*' 2>/dev/null | sort | head -n 1)
libs=
if [ -n "$cudart" ]; then
  mkdir -p "$cache/lib"
  ln -sf "$cudart" "$cache/lib/libcudart.so"
  libs=" LD_LIBRARY_PATH=$cache/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
echo "export PYTORCH_LIBRARY_PATH=$torch/lib PYTORCH_VERSION=$version PYTORCH_FLAVOR=$flavor DJL_CACHE_DIR=$cache$libs"
