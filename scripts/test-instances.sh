#!/usr/bin/env bash
# Three instances of the production build on one PostgreSQL, behind a round-robin proxy
# (tests/instances): run after scripts/test-postgres.sh, which installs and starts PostgreSQL
# and makes the mesibo_test role and database. Needs `npm run build` (npm test makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-reports
if [ ! -f dist/server.js ]; then
  echo "fail three-instance test: dist/server.js is missing (run npm run build)" > test-reports/instances.checks
  exit 1
fi
port=$(pg_lsclusters -h | awk '$2 == "main" && $4 == "online" {print $3}' | head -1)
export TEST_DATABASE_URL="postgres://mesibo_test:mesibo_test@127.0.0.1:${port:-5432}/mesibo_test"
echo "== three instances on PostgreSQL behind a round-robin proxy (Playwright, Debian Chromium)"
rm -f test-reports/instances.json
status=0
CI=1 npx playwright test -c tests/instances/playwright.config.ts || status=1
# A run that crashed before writing its report counts as a failure, not as nothing.
[ -f test-reports/instances.json ] || echo "fail three-instance suite wrote no report" > test-reports/instances.checks
exit $status
