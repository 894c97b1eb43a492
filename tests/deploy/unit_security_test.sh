#!/usr/bin/env bash
# The systemd unit's hardening: `systemd-analyze security --offline=true`
# rates deploy/xinbao-broker.service, and a score above 3.0 (anything worse
# than "OK") fails. Also checks the unit file's syntax. Skipped (77) on a
# machine without systemd-analyze.
#   unit_security_test.sh SOURCE_DIR
set -euo pipefail
unit="$1/deploy/xinbao-broker.service"
if ! command -v systemd-analyze >/dev/null; then
  echo "skipped: no systemd-analyze (Debian's systemd package)"
  exit 77
fi
report=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1) || true
echo "$report" | grep -v '^✓' || true
score=$(echo "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [[ -z "$score" ]]; then
  echo "FAIL: systemd-analyze gave no score"
  exit 1
fi
if awk -v s="$score" 'BEGIN { exit !(s > 3.0) }'; then
  echo "FAIL: exposure $score is above 3.0"
  exit 1
fi
echo "exposure $score (at most 3.0): ok"
