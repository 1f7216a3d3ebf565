#!/usr/bin/env bash
# Installs Debian's PostgreSQL server so the data-access tests can start throwaway
# clusters (see tests/support/postgres.ts). Idempotent: does nothing when server
# binaries already exist under /usr/lib/postgresql/<version>/bin.
#
# The tests never use Debian's default cluster ("main"). It may be created by the
# package, but this script makes sure it is not left running.
set -euo pipefail

have_server() {
  local dir
  # An unmatched glob stays literal; the -x tests then fail, which is what we want.
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      return 0
    fi
  done
  return 1
}

if have_server; then
  echo "install-postgres: PostgreSQL server already installed:" /usr/lib/postgresql/*/bin/postgres
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-postgres: must run as root (or have sudo) to apt-get install postgresql" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive

# Keep the package's postinst from starting Debian's default cluster: invoke-rc.d
# honours /usr/sbin/policy-rc.d (exit 101 = "action forbidden"). Only add one if the
# machine has none, and remove exactly the one we added.
POLICY=/usr/sbin/policy-rc.d
added_policy=0
cleanup() {
  if [ "$added_policy" -eq 1 ]; then
    "${SUDO[@]}" rm -f "$POLICY"
  fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# temporary, added by waymark scripts/install-postgres.sh\nexit 101\n' \
    | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  added_policy=1
fi

APT_OPTS=(-o Acquire::Retries=3 -o DPkg::Lock::Timeout=300)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y --no-install-recommends postgresql

if ! have_server; then
  echo "install-postgres: apt-get install finished but no /usr/lib/postgresql/*/bin/postgres was found" >&2
  exit 1
fi

# Belt and braces: if some cluster got started anyway (e.g. a machine whose policy-rc.d
# allows it), stop it. We only stop clusters that are online now; none of them can have
# been running before, because the server binaries were missing until this install.
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r version cluster _port status _rest; do
    if [[ "$status" == online* ]]; then
      echo "install-postgres: stopping default cluster $version/$cluster (not used by the tests)"
      "${SUDO[@]}" pg_ctlcluster "$version" "$cluster" stop || true
    fi
  done || true
fi

echo "install-postgres: installed:" /usr/lib/postgresql/*/bin/postgres
