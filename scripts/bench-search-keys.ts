import { parseArgs } from 'node:util';
import { ensureSearchIndexes, fillSearchKeys } from '@/lib/backend/search-keys';
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
  await kit.db.exec('DROP INDEX IF EXISTS users_address_key'); // as before the upgrade
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
  const keyed = await fillSearchKeys(kit.db, () => {
    slowest = Math.max(slowest, Date.now() - last); // one chunk: one transaction
    last = Date.now();
  });
  const filled = Date.now() - t1;
  const t2 = Date.now();
  await ensureSearchIndexes(kit.db);
  const indexed = Date.now() - t2;
  console.log(
    `keys of ${keyed.toLocaleString('en')} users filled in ${(filled / 1000).toFixed(1)} s (the longest transaction ${slowest} ms), the index built in ${(indexed / 1000).toFixed(1)} s: ${((filled + indexed) / 1000).toFixed(1)} s in all (target 120 s)`,
  );
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
