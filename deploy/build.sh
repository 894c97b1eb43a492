#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds xinbao in
# ./build. Shared by deploy/demo.sh and deploy/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
