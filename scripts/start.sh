#!/usr/bin/env bash
# The README's first command: set up, then serve the dashboard on the embedded default (SQLite under ./data)
# with the demo's simulated routers. Listens on 127.0.0.1:3000 unless WAYMARK_HOST / PORT say otherwise: the
# first visitor creates the admin, so expose it to a network only once that is done.
set -euo pipefail
cd "$(dirname "$0")/.."
# Next.js would otherwise try to send usage telemetry; Waymark makes no calls beyond the package registries.
export NEXT_TELEMETRY_DISABLED=1

bash scripts/setup.sh
export WAYMARK_DEMO="${WAYMARK_DEMO:-true}"
exec node scripts/serve.mjs
