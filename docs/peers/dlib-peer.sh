#!/usr/bin/env bash
# Builds and runs the dlib peer (HOG face detector + 68-point shape predictor) on photos, as docs/BENCHMARKS.md
# compares it with the project's own chain. Needs Debian's libdlib-dev and libdlib-data:
#   apt-get install libdlib-dev libdlib-data
#   docs/peers/dlib-peer.sh ROUNDS image...   (prints one CSV row per image and round)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/facial-keypoints-dlib-peer"
if [ ! -x "$out" ] || [ "$here/dlib_landmarks.cpp" -nt "$out" ]; then
  # Only what the program uses: dlib's pkg-config file names BLAS and LAPACK development links, the runtime libraries suffice.
  g++ -O3 -march=native -o "$out" "$here/dlib_landmarks.cpp" -ldlib -lpthread -ljpeg -lpng -lz -l:libblas.so.3 -l:liblapack.so.3
fi
exec "$out" /usr/share/dlib/shape_predictor_68_face_landmarks.dat "$@"
