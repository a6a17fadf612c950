import { parseArgs } from 'node:util';
import { prepareUserSearch, USERS_ACTIVE_INDEX, USERS_KEYED, USERS_TRIGRAMS } from '@/lib/backend/search-keys';
import { fillSearchKeys } from '@/lib/db/search-keys';
import { benchDatabase } from './bench-kit';

/**
 * `npm run bench:search-keys`: the first start after the upgrade that brought search, at a
 * million users. Loads --users (1,000,000) users as an older version wrote them (no search
 * keys), then times what the start does before it serves: every user's keys filled, then the
 * search index built (on PostgreSQL CONCURRENTLY). Target: under 2 minutes, with no statement
 * holding the users table for more than a second. SQLite in a temporary folder, or PostgreSQL
 * with --database-url.
 */
const { values } = parseArgs({
  options: { users: { type: 'string', default: '1000000' }, 'database-url': { type: 'string' } },
});
const USERS = Number(values.users);

async function main() {
  const kit = await benchDatabase('search-keys', values['database-url']);
  // As before the upgrade: no search indexes, no trigrams.
  for (const index of [
    'users_address_key',
    'users_name',
    USERS_ACTIVE_INDEX,
    'user_words_by_row',
    'tokens_appid',
    'users_unkeyed',
  ])
    await kit.db.exec(`DROP INDEX IF EXISTS ${index}`);
  if (kit.db.dialect === 'sqlite')
    for (const trigger of ['added', 'removed', 'changed'])
      await kit.db.exec(`DROP TRIGGER IF EXISTS ${USERS_TRIGRAMS}_${trigger}`);
  await kit.db.exec(`DROP ${kit.db.dialect === 'sqlite' ? 'TABLE' : 'INDEX'} IF EXISTS ${USERS_TRIGRAMS}`);
  const t0 = Date.now();
  for (let i = 0; i < USERS; i += 20_000)
    await kit.db.tx(async (q) => {
      for (let j = i; j < Math.min(USERS, i + 20_000); j += 200) {
        const n = Math.min(200, USERS - j);
        await q.run(
          `INSERT INTO users (app_id, address, name, active, flags, ts) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, 1, 0, 0)').join(', ')}`,
          Array.from({ length: n }, (_, k) => [
            kit.defaultAppId,
            `User.${j + k}@Example.com`,
            `Maya Rodríguez ${j + k}`,
          ]).flat(),
        );
      }
    });
  console.log(
    `${kit.where}: ${USERS.toLocaleString('en')} users without search keys loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const t1 = Date.now();
  let slowest = 0;
  let last = t1;
  const keyed = await fillSearchKeys(kit.db, USERS_KEYED, () => {
    slowest = Math.max(slowest, Date.now() - last); // one chunk: one transaction
    last = Date.now();
  });
  const filled = Date.now() - t1;
  const t2 = Date.now();
  await prepareUserSearch(kit.db, {}); // the keys are there: the indexes and trigrams
  const indexed = Date.now() - t2;
  // Migration 17 counts each app's users once, in its transaction (writers wait for it).
  const t3 = Date.now();
  await kit.db.tx(async (q) => {
    await q.run("DELETE FROM app_counts WHERE kind = 'users'");
    await q.run(
      "INSERT INTO app_counts (app_id, kind, shard, n) SELECT app_id, 'users', 0, COUNT(*) FROM users GROUP BY app_id",
    );
  });
  const counted = Date.now() - t3;
  console.log(
    `keys of ${keyed.toLocaleString('en')} users filled in ${(filled / 1000).toFixed(1)} s (the longest transaction ${slowest} ms), the indexes and trigrams built in ${(indexed / 1000).toFixed(1)} s, the users counted in ${counted} ms (one transaction): ${((filled + indexed + counted) / 1000).toFixed(1)} s in all (target 120 s)`,
  );
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
