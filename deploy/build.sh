#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds xinbao in
# ./build. Shared by deploy/demo.sh and deploy/test.sh. Uses ccache when the
# machine has it (a developer's rebuilds); a fresh machine builds without.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build build -j"$(nproc)"
