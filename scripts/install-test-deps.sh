#!/usr/bin/env bash
# Debian packages the tests use: the labs' sshd/iproute2/nftables, PostgreSQL, and Chromium for Playwright.
# Each step installs only what is missing, so a prepared machine makes no network request.
set -euo pipefail
cd "$(dirname "$0")/.."

bash lab/install-deps.sh
bash scripts/install-postgres.sh

if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: installing Debian's chromium (Playwright never downloads a browser)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o Acquire::Retries=3 update -qq
  apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

# promtool (Debian's prometheus package) checks the /metrics exposition (tests/integration/metrics.test.ts).
if ! command -v promtool >/dev/null 2>&1; then
  echo "install-test-deps: installing Debian's prometheus for promtool" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o Acquire::Retries=3 update -qq
  apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends prometheus >/dev/null
fi
