#!/usr/bin/env bash
# The engine suite on a real PostgreSQL: installs PostgreSQL from Debian's packages when
# missing, starts the local cluster, makes a throwaway role and database, and runs
# tests/unit/backend and tests/unit/console/db with TEST_DATABASE_URL (each test file gets its own schema),
# then backup and restore under load on PostgreSQL (needs `npm run build`; npm test makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-reports
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "== installing PostgreSQL from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  as_root pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  echo "== starting PostgreSQL $version"
  as_root pg_ctlcluster "$version" main start
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
psql_admin() { as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
for _ in $(seq 1 30); do psql_admin "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = 'mesibo_test'")" != 1 ]; then
  psql_admin "CREATE ROLE mesibo_test LOGIN PASSWORD 'mesibo_test'"
fi
psql_admin "DROP DATABASE IF EXISTS mesibo_test"
psql_admin "CREATE DATABASE mesibo_test OWNER mesibo_test"

export TEST_DATABASE_URL="postgres://mesibo_test:mesibo_test@127.0.0.1:$port/mesibo_test"
echo "== engine suite on PostgreSQL $version"
status=0
npx vitest run tests/unit/backend tests/unit/console/db --reporter=default --reporter=json --outputFile=test-reports/postgres.json || status=1

# Backup and restore under 16 writers (tests/http/backup.test.ts) on two throwaway databases:
# the role cannot create databases, so they are made here as the cluster's superuser.
for db in mesibo_backup_source mesibo_backup_target; do
  psql_admin "DROP DATABASE IF EXISTS $db"
  psql_admin "CREATE DATABASE $db OWNER mesibo_test"
done
if ! command -v pg_dump >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
fi
echo "== backup and restore on PostgreSQL $version"
TEST_BACKUP_SOURCE_URL="postgres://mesibo_test:mesibo_test@127.0.0.1:$port/mesibo_backup_source" \
TEST_BACKUP_TARGET_URL="postgres://mesibo_test:mesibo_test@127.0.0.1:$port/mesibo_backup_target" \
  npx vitest run -c vitest.http.config.mts tests/http/backup.test.ts -t PostgreSQL \
  --reporter=default --reporter=json --outputFile=test-reports/postgres-backup.json || status=1
exit $status
