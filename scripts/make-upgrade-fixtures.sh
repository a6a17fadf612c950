#!/usr/bin/env bash
# Makes the upgrade fixtures of one older release (default c697743, the last before the
# second security review's migrations): a SQLite database and a plain PostgreSQL dump, made
# by that commit's own code in a worktree, with the test keys of tests/fixtures/keys.json.
# Writes tests/fixtures/<commit>/{mesibo.db,postgres.sql,sqlite.json,postgres.json}; the test
# tests/unit/console/db/upgrade-fixtures.test.ts opens them with today's code.
# Needs PostgreSQL (scripts/test-postgres.sh starts the test cluster; its URL is the default).
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:-c697743}
port=$(pg_lsclusters -h 2>/dev/null | awk '$2 == "main" {print $3; exit}')
database_url=${FIXTURE_DATABASE_URL:-postgres://mesibo_test:mesibo_test@127.0.0.1:${port:-5432}/mesibo_test}
out="tests/fixtures/$commit"
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q "$work/tree" "$commit"
cp -a node_modules "$work/tree/node_modules" # that commit's lock file is this one's, or older: same packages
mkdir -p "$work/tree/tests/fixtures" "$out"
cp tests/fixtures/make-fixture.ts tests/fixtures/keys.json "$work/tree/tests/fixtures/"
run() { (cd "$work/tree" && FIXTURE_COMMIT="$commit" LOG_LEVEL=error node scripts/run.mjs tests/fixtures/make-fixture.ts "$@"); }

# SQLite: one file, its WAL folded in.
mkdir -p "$work/sqlite"
run --data-dir "$work/sqlite" --manifest "$work/sqlite.json"
node -e "const D=require('better-sqlite3');const d=new D(process.argv[1]);d.pragma('wal_checkpoint(TRUNCATE)');d.pragma('journal_mode=DELETE');d.close()" "$work/sqlite/mesibo.db"
cp "$work/sqlite/mesibo.db" "$out/mesibo.db"
cp "$work/sqlite.json" "$out/sqlite.json"

# PostgreSQL: a throwaway schema, dumped as plain SQL with the schema's name as a placeholder.
schema="fixture_$(date +%s)"
psql "$database_url" -qAt -c "CREATE SCHEMA $schema"
run --database-url "$database_url?options=-c%20search_path%3D$schema" --manifest "$work/postgres.json"
pg_dump "$database_url" --schema="$schema" --no-owner --no-privileges --inserts \
  | grep -v '^\\' | grep -v '^SET default_table_access_method' | grep -v '^CREATE SCHEMA' \
  | sed "s/\\b$schema\\b/__SCHEMA__/g" > "$out/postgres.sql"
psql "$database_url" -qAt -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE"
cp "$work/postgres.json" "$out/postgres.json"
echo "fixtures of $commit written to $out"
