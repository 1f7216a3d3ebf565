#!/usr/bin/env bash
# Installs npm packages (from the lockfile, with only the install scripts package.json allows), generates the
# Prisma clients, applies migrations and builds the dashboard. Safe to run again; it skips what is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
# Next.js would otherwise try to send usage telemetry; Waymark makes no calls beyond the package registries.
export NEXT_TELEMETRY_DISABLED=1

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required" >&2
  exit 1
fi

# better-sqlite3 compiles against Node's headers when no prebuilt binary can be fetched.
if ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends make g++ python3 >/dev/null
fi

stamp=node_modules/.waymark-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  # `npm install` rather than `npm ci`: the lockfile pins every version, but npm ci refuses a lockfile that
  # lacks optional packages for other platforms (tailwind's oxide builds) that this registry does not serve.
  npm install --no-audit --no-fund
  echo "$want" > "$stamp"
fi

npx tsx scripts/db-generate.ts
npx tsx --conditions=react-server scripts/db-migrate.ts
if [ "${WAYMARK_SKIP_BUILD:-}" != "1" ]; then
  npx next build
fi
