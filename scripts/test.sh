#!/usr/bin/env bash
# The README's second command: install what the tests need, then run every test.
#   typecheck and the import-rule check → unit + integration tests (vitest: real sshd in namespaces, the
#   RouterOS simulator over TCP, SQLite and PostgreSQL) → end-to-end tests in Debian's Chromium (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
# Next.js would otherwise try to send usage telemetry; Waymark makes no calls beyond the package registries.
export NEXT_TELEMETRY_DISABLED=1

if [ "$(id -u)" -ne 0 ]; then
  echo "test: run as root; the lab tests create network namespaces" >&2
  exit 1
fi

bash scripts/install-test-deps.sh
bash scripts/setup.sh

echo "== lint and format (Biome)"
npx biome ci .
echo "== typecheck"
npx tsc --noEmit -p .
echo "== unit and integration tests"
rm -rf reports
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
echo "== end-to-end tests"
npx playwright test
node scripts/test-summary.mjs
