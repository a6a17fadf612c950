#!/usr/bin/env bash
# `npm test`: every test of the project, in the order a failure is cheapest to find:
# type check, lint and format, unit tests, production build, HTTP suite against the
# production server, browser tests in Debian's Chromium (installed here when missing).
# Keeps going after a failure so one run reports everything; exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-1}"
rm -rf test-reports && mkdir -p test-reports
checks=test-reports/static.checks
: > "$checks"

run_check() { # name, command...
  local name=$1; shift
  echo "== $name"
  if "$@"; then echo "pass $name" >> "$checks"; else echo "fail $name" >> "$checks"; fi
}

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium from Debian's packages (browser tests need it)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi
run_check "chromium is installed" test -x /usr/bin/chromium
# nginx checks the example site in docs/deploy (nginx -t); installed, never started.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx from Debian's packages (the example site is checked with nginx -t)"
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi

echo "== npm audit of production dependencies (fails on high or critical)"
node scripts/audit-deps.mjs
case $? in
  0) echo "pass npm audit" >> "$checks" ;;
  2) ;; # the advisory service was out of reach: not checked, so not counted
  *) echo "fail npm audit (high or critical advisory)" >> "$checks" ;;
esac

run_check "type check (tsc)" npx tsc --noEmit -p tsconfig.json
run_check "lint and format (biome)" npx biome check .

echo "== unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=test-reports/unit.json

# Built with known canary secrets in the environment: the browser tests then search the
# build for them (nothing may be inlined at build time) and run the server with them.
canary() { node -p "require('./tests/canary.json').$1"; }
run_check "production build (next build + server bundle)" \
  env MESIBO_APP_TOKEN="$(canary appToken)" NEXTAUTH_SECRET="$(canary nextauthSecret)" \
  CONSOLE_SECRET_KEY="$(canary consoleSecretKey)" npm run -s build

if [ -f dist/server.js ] && [ -d .next ]; then
  run_check "first-load JavaScript of every console page within 15 KiB (gzip) of /login" node scripts/bundle-size.mjs
  echo "== HTTP suite against the production server (vitest)"
  npx vitest run -c vitest.http.config.mts --reporter=default --reporter=json --outputFile=test-reports/http.json
  echo "== browser tests (Playwright, Debian Chromium)"
  CI=1 npx playwright test || {
    # What the page looked like when a browser test failed (its accessibility snapshot), so a
    # failure in CI can be understood from the log alone.
    for f in test-results/*/error-context.md; do
      [ -f "$f" ] && { echo "== page at failure: $f"; head -c 8000 "$f"; echo; }
    done
  }
fi

# A suite that crashed before writing its report counts as a failure, not as nothing.
for report in unit http e2e; do
  [ -f "test-reports/$report.json" ] || echo "fail $report suite wrote no report" >> "$checks"
done

echo
node scripts/count-results.mjs test-reports
