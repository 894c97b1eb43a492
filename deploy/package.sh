#!/usr/bin/env bash
# Builds the two Debian packages into <build>/packages (default ./build):
#   xinbao-broker_<version>_<arch>.deb  the daemon, its systemd unit, config
#   xinbao_<version>_<arch>.deb         the command line
# (cmake/Packaging.cmake). Configures the build folder if it is not yet;
# XINBAO_JOBS sets the build's parallel jobs (default: every core).
# Install: apt-get install ./build/packages/xinbao_*.deb ./build/packages/xinbao-broker_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  bash deploy/install-deps.sh
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
fi
jobs=${XINBAO_JOBS:-$(nproc)}
# cpack builds what is out of date first (its preinstall step).
cmake --build "$build" -j"$jobs" --target xinbao-broker xinbao xinbao-broker-man xinbao-man
rm -f "$build"/packages/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
ls "$build"/packages/*.deb
