#!/usr/bin/env bash
# The second README command: build everything and run the whole test suite
# (unit tests, and integration tests that start the real broker process on
# 127.0.0.1). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/build.sh
cd build
# One known timing flake (Replay.ResumesWhereItGotToWhenTheBrokerStalls,
# which fails in some full runs on this 2-core machine; it passes alone and
# under CPU load, the cause is not found yet) is given a second attempt:
# ctest still prints the failed attempt's output, and a test that fails
# twice fails the run.
ctest --output-on-failure --timeout 300 -j"$(nproc)" --repeat until-pass:2
cd ..
# Then the broker's fuzz targets for a few seconds each on their seed
# corpora, built with clang, ASan and UBSan in build-fuzz (docs/FUZZING.md);
# a crash fails the run and prints the reproducer. The web faces' targets
# run as corpus tests in ctest above. FUZZ_SECONDS=0 skips the step.
if [[ "${FUZZ_SECONDS:-5}" != 0 ]]; then
  bash deploy/fuzz.sh --broker --seconds "${FUZZ_SECONDS:-5}"
fi
