#!/usr/bin/env bash
# Installs the two .debs on this machine as an operator would, runs the
# installed broker and client, and purges them again (ctest label
# "install", RUN_SERIAL: it holds the dpkg lock and owns the user xinbao,
# /etc/xinbao and /var/lib/xinbao while it runs).
#   package_install_test.sh SOURCE_DIR BUILD_DIR
# Needs root; skipped (77) without, and when any of those already exists
# (never touches what it did not make). Whatever happens, the EXIT trap
# stops the broker, purges both packages and removes what they made.
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)

if [[ $(id -u) -ne 0 ]]; then echo "skipped: needs root (dpkg)"; exit 77; fi
for package in xinbao xinbao-broker; do
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q installed; then
    echo "skipped: $package is installed on this machine already; not touching it"
    exit 77
  fi
done
if getent passwd xinbao >/dev/null || getent group xinbao >/dev/null ||
   [[ -e /etc/xinbao || -e /var/lib/xinbao ]]; then
  echo "skipped: the user xinbao, /etc/xinbao or /var/lib/xinbao exists already"
  exit 77
fi

work=$(mktemp -d)
broker_pid=""
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=300)

cleanup() {
  local status=$?
  if [[ -n "$broker_pid" ]] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  if dpkg-query -W -f='${Status}' xinbao-broker xinbao 2>/dev/null | grep -q 'ok'; then
    "${apt[@]}" purge xinbao-broker xinbao >/dev/null 2>&1 ||
      dpkg --purge xinbao-broker xinbao >/dev/null 2>&1 || true
  fi
  rm -rf /etc/xinbao /var/lib/xinbao "$work"
  userdel xinbao 2>/dev/null || true
  groupdel xinbao 2>/dev/null || true
  exit "$status"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }
step() { echo "== $*"; }

step "build the packages"
bash "$src/deploy/package.sh" "$build"
broker_deb=$(ls "$build"/packages/xinbao-broker_*.deb)
cli_deb=$(ls "$build"/packages/xinbao_*.deb)

step "apt-get install both"
"${apt[@]}" install "$cli_deb" "$broker_deb"

step "what dpkg installed"
for path in /usr/sbin/xinbao-broker /usr/lib/systemd/system/xinbao-broker.service \
            /usr/lib/sysusers.d/xinbao-broker.conf /usr/lib/tmpfiles.d/xinbao-broker.conf \
            /etc/xinbao/broker.toml /usr/share/man/man8/xinbao-broker.8.gz \
            /usr/share/doc/xinbao-broker/OPERATIONS.md; do
  dpkg -L xinbao-broker | grep -qx "$path" || fail "xinbao-broker lacks $path"
done
for path in /usr/bin/xinbao /usr/share/man/man1/xinbao.1.gz; do
  dpkg -L xinbao | grep -qx "$path" || fail "xinbao lacks $path"
done
grep -qx /etc/xinbao/broker.toml /var/lib/dpkg/info/xinbao-broker.conffiles ||
  fail "broker.toml is not a conffile"
[[ $(man -w xinbao-broker) == /usr/share/man/man8/xinbao-broker.8.gz ]] || fail "man -w xinbao-broker"
[[ $(man -w xinbao) == /usr/share/man/man1/xinbao.1.gz ]] || fail "man -w xinbao"
if command -v systemd-analyze >/dev/null; then
  # The installed unit's syntax, its commands and its man page reference.
  systemd-analyze verify /usr/lib/systemd/system/xinbao-broker.service ||
    fail "systemd-analyze verify of the installed unit"
fi

step "files and owners"
expect_owner() {  # path owner:group mode
  local got
  got=$(stat -c '%U:%G %a' "$1")
  [[ "$got" == "$2 $3" ]] || fail "$1 is $got, not $2 $3"
}
getent passwd xinbao >/dev/null || fail "no user xinbao"
expect_owner /etc/xinbao root:xinbao 750
expect_owner /etc/xinbao/broker.key xinbao:xinbao 600
expect_owner /etc/xinbao/broker.pub xinbao:xinbao 644
expect_owner /etc/xinbao/users.toml xinbao:xinbao 640
expect_owner /var/lib/xinbao xinbao:xinbao 750

as_broker=(setpriv --reuid=xinbao --regid=xinbao --init-groups --)
step "--check-config of the installed config, as xinbao"
"${as_broker[@]}" /usr/sbin/xinbao-broker --config /etc/xinbao/broker.toml --check-config

step "a user registered as the operator would"
public_key=$(xinbao --json keygen --out "$work/ops" |
  sed -n 's/.*"public_key":"\([^"]*\)".*/\1/p')
[[ ${#public_key} -eq 40 ]] || fail "xinbao keygen gave no public key"
cat >>/etc/xinbao/users.toml <<REGISTRY

[[user]]
name = "ops"
unit = "county-office"
role = "admin"
public_key = "$public_key"
REGISTRY

step "the installed broker as xinbao, on free loopback ports"
"${as_broker[@]}" /usr/sbin/xinbao-broker --config /etc/xinbao/broker.toml \
  --submit-endpoint 'tcp://127.0.0.1:*' --query-endpoint 'tcp://127.0.0.1:*' \
  --feed-endpoint 'tcp://127.0.0.1:*' >"$work/out" 2>"$work/err" &
broker_pid=$!
timeout 30 bash -c "until grep -q '^READY' '$work/out'; do
  kill -0 $broker_pid 2>/dev/null || exit 1; sleep 0.1; done" ||
  { cat "$work/err"; fail "the broker did not get ready"; }
query=$(sed -n 's/^READY .*query=\([^ ]*\).*/\1/p' "$work/out")
xinbao --key-file "$work/ops.key" --server-key /etc/xinbao/broker.pub \
  --query-endpoint "$query" --timeout 10 health || fail "xinbao health exit $?"
kill -TERM "$broker_pid"
wait "$broker_pid" || fail "the broker did not stop cleanly"
broker_pid=""

step "apt-get purge both"
"${apt[@]}" purge xinbao-broker xinbao
for package in xinbao xinbao-broker; do
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok'; then
    fail "$package is still known to dpkg"
  fi
done
for path in /etc/xinbao /var/lib/xinbao /usr/sbin/xinbao-broker /usr/bin/xinbao \
            /usr/lib/systemd/system/xinbao-broker.service /usr/share/doc/xinbao-broker \
            /usr/share/man/man8/xinbao-broker.8.gz; do
  [[ ! -e "$path" ]] || fail "$path is left after purge"
done
! getent passwd xinbao >/dev/null || fail "the user xinbao is left after purge"
echo "install, run and purge: ok"
