#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang, ASan and UBSan in
# ./build-fuzz (only the targets and the libraries they link), then runs
# each for a bounded time on a temporary copy of its seed corpus
# (tests/fuzz/corpus/<target>/, so runs never grow the repository) and
# fails if any finds a crash, a leak, undefined behaviour or a hang,
# printing the reproducer's path. docs/FUZZING.md explains the targets.
#
#   deploy/fuzz.sh [--seconds N] [--runs N] [--target NAME]... [--broker]
#                  [--build-only] [--keep-corpus DIR]
#
#   --seconds N      run each target N seconds (default 10; -max_total_time)
#   --runs N         stop each target after N inputs instead (-runs), for a
#                    long run; with --seconds, whichever comes first
#   --target NAME    only this target (repeatable); default: all
#   --broker         only the targets over what the broker parses (the two
#                    sockets' requests, config, key files, registry,
#                    calendar): what deploy/test.sh runs, to keep CI's
#                    clang build to the broker's libraries; the web faces'
#                    targets (desk_form, centre_params) need the client
#                    libraries too
#   --build-only     build, do not run
#   --keep-corpus D  keep the grown corpora under D/<target>/ (for a look;
#                    minimise with -merge=1 before adding any to the repo)
# Reproducers go to build-fuzz/artifacts/, logs to build-fuzz/logs/.
# Replay one with: build-fuzz/tests/fuzz/fuzz_<target> <file>.
set -euo pipefail
cd "$(dirname "$0")/.."

broker=(submit_request query_request config key_file user_registry work_calendar)
seconds=10
runs=""
targets=()
build_only=0
keep=""
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --build-only) build_only=1; shift ;;
    --broker) targets+=("${broker[@]}"); shift ;;
    --keep-corpus) keep="$2"; shift 2 ;;
    *) echo "fuzz.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
all=("${broker[@]}" desk_form centre_params)
((${#targets[@]})) || targets=("${all[@]}")

command -v clang++ >/dev/null || {
  echo "fuzz.sh: clang++ is missing (deploy/install-deps.sh installs clang)" >&2
  exit 2
}
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
# The libraries get coverage counters without libFuzzer's main
# (fuzzer-no-link); the targets link -fsanitize=fuzzer (tests/fuzz).
# -O1 and line tables only: fast enough to fuzz, quick to compile, stacks
# with file:line. UBSan findings abort (no recovery), as a crash does.
# Asserts stay on: the build type is Debug with these flags.
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
cmake -S . -B build-fuzz -DXINBAO_FUZZ=ON -DXINBAO_BUILD_TESTS=OFF \
  -DXINBAO_BUILD_BENCH=OFF -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only -fno-omit-frame-pointer" \
  -DCMAKE_CXX_FLAGS="$sanitize" "${launcher[@]}" >/dev/null
jobs="${FUZZ_BUILD_JOBS:-$(nproc)}"
build_targets=()
for target in "${targets[@]}"; do build_targets+=(--target "fuzz_$target"); done
cmake --build build-fuzz -j"$jobs" "${build_targets[@]}"
((build_only)) && exit 0

# Debian's RocksDB, protobuf, libzmq and libstdc++ are not instrumented:
# ASan sees their memory only through malloc/free, which is enough. LSan
# runs (leaks found at exit or between inputs fail the run).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p build-fuzz/artifacts build-fuzz/logs
failed=()
for target in "${targets[@]}"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/xinbao-fuzz-$target-XXXXXX")
  cp -R "tests/fuzz/corpus/$target/." "$work/"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
           -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target-")
  [[ -n "$runs" ]] && options+=(-runs="$runs")
  [[ -f "tests/fuzz/$target.dict" ]] && options+=(-dict="tests/fuzz/$target.dict")
  log="build-fuzz/logs/$target.log"
  started=$(date +%s)
  if "build-fuzz/tests/fuzz/fuzz_$target" "${options[@]}" "$work" >"$log" 2>&1; then
    stats=$(grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" |
            sed 's/^stat:://' | tr '\n' ' ')
    cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
    echo "fuzz $target: ok in $(($(date +%s) - started)) s; $stats; $cov"
  else
    failed+=("$target")
    echo "fuzz $target: FAILED — the end of $log:" >&2
    tail -n 60 "$log" >&2
    artifact=$(grep -Eo 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/^Test unit written to //')
    echo "fuzz $target: reproducer: ${artifact:-(none written; see $log)}" >&2
    echo "  replay: build-fuzz/tests/fuzz/fuzz_$target ${artifact:-<file>}" >&2
  fi
  if [[ -n "$keep" ]]; then
    mkdir -p "$keep/$target"
    cp -R "$work/." "$keep/$target/"
  fi
  rm -rf "$work"
done
if ((${#failed[@]})); then
  echo "fuzz.sh: ${#failed[@]} target(s) found a problem: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), no problem found"
