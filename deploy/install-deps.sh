#!/usr/bin/env bash
# Installs the Debian 12 packages xinbao needs that are not installed yet.
# Runs apt-get only when something is missing; uses sudo when not root.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  protobuf-compiler libprotobuf-dev
  libzmq3-dev cppzmq-dev
  librocksdb-dev
  libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libcctz-dev tzdata
  libgtest-dev libgmock-dev
  tmux  # tests/integration/watch_keys_test.cc drives `xinbao watch` in it
  libcpp-httplib-dev  # HTTP server and client for the web faces (issue 12)
  libssl-dev          # TLS for cpp-httplib
  libsodium-dev       # Argon2id password hashes
  libxlsxwriter-dev   # Excel (.xlsx) export
  chromium chromium-driver  # headless browser the web tests drive (tests/web)
  fonts-noto-cjk      # Chinese glyphs in the headless browser, not tofu boxes
  openssl             # tests/web/listen_test.cc makes a self-signed certificate
  libpango1.0-dev     # clients/print: Pango lays out and breaks the Chinese lines
  libcairo2-dev       # clients/print: cairo writes the PDF pages
  fonts-arphic-ukai   # clients/print: 楷体 (AR PL UKai CN) for 编者按 and sources
  poppler-utils       # tests/clients/print: pdftotext, pdffonts, pdfinfo, pdftoppm
  libsystemd-dev      # xinbao-broker tells systemd it is ready, and feeds its watchdog (Type=notify)
  systemd             # systemd-analyze: the unit's hardening score (tests/deploy)
  help2man man-db     # man pages made from the programs' --help at build time; man -l / -w checks them
  dpkg-dev file       # CPack's .debs: dpkg-shlibdeps finds their runtime dependencies (deploy/package.sh)
  prometheus          # promtool: tests/integration/metrics_test.cc checks the /metrics page (on a systemd host the package also starts its own server)
  clang               # deploy/fuzz.sh: the fuzz targets are built with clang 14 ...
  libfuzzer-14-dev    # ... and its libFuzzer (tests/fuzz, docs/FUZZING.md)
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
