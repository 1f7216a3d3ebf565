#!/usr/bin/env bash
# Playwright's webServer: the production entry (scripts/serve.mjs: the built Next.js app behind a Node server that
# sets X-Forwarded-For from the socket) on 127.0.0.1, with a brand-new data directory (fresh SQLite database and
# secret key) on every run. Demo mode stays off: its simulated routers would claim fixed ports.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATA_DIR="${WAYMARK_E2E_DATA_DIR:?set by playwright.config.ts}"
PORT="${WAYMARK_E2E_PORT:?set by playwright.config.ts}"

case "$DATA_DIR" in
  /tmp/waymark-e2e*) ;;
  *) echo "serve.sh: refusing to wipe $DATA_DIR (expected /tmp/waymark-e2e…)" >&2; exit 1 ;;
esac
if [ ! -f .next/BUILD_ID ]; then
  echo "serve.sh: no production build; run 'npx next build' first" >&2
  exit 1
fi

rm -rf -- "$DATA_DIR"
mkdir -p -m 700 -- "$DATA_DIR"

# Nothing from the caller's environment may point the server at another database, key or mode.
unset DATABASE_URL WAYMARK_SECRET_KEY WAYMARK_SECRET_KEY_FILE WAYMARK_TRUST_PROXY WAYMARK_SECURE_COOKIES
export WAYMARK_DATA_DIR="$DATA_DIR"
export WAYMARK_DEMO=false
export NEXT_TELEMETRY_DISABLED=1

export WAYMARK_HOST=127.0.0.1
export PORT
# Not exec'd, so that a server dying mid-run says so in the test output. At the end Playwright kills the whole
# process group, this shell included, and nothing is printed.
node scripts/serve.mjs &
server=$!
trap 'kill -TERM "$server" 2>/dev/null' TERM INT
status=0
wait "$server" || status=$?
echo "serve.sh: the Waymark server (pid $server) exited with status $status before the run ended" >&2
exit "$status"
