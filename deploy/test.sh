#!/usr/bin/env bash
# The second README command: build everything and run the whole test suite
# (unit tests, and integration tests that start the real broker process on
# 127.0.0.1). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/build.sh
cd build
ctest --output-on-failure --timeout 300 -j"$(nproc)"
