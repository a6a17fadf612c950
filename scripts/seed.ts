import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { openBackend } from '@/lib/backend';
import { bulkAddGroups, bulkAddMessages, bulkAddUsers } from '@/lib/backend/seed-loader';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { backendConfig } from '@/lib/env';
import { prng } from './prng';

/**
 * `npm run seed -- --users N --groups N --messages N`: loads realistic demo data into the
 * bundled backend's default app (SQLite in DATA_DIR, or DATABASE_URL) through the bulk
 * path, with a progress bar. Safe to run while the server runs, and again: addresses that
 * exist are skipped.
 */
const FIRST = [
  'ava',
  'ben',
  'chloe',
  'dev',
  'emma',
  'felix',
  'grace',
  'hugo',
  'isla',
  'jon',
  'kira',
  'liam',
  'maya',
  'noah',
  'olga',
  'priya',
  'quinn',
  'ravi',
  'sara',
  'tom',
  'uma',
  'victor',
  'wen',
  'xena',
  'yusuf',
  'zoe',
];
const LAST = [
  'smith',
  'garcia',
  'chen',
  'kumar',
  'okafor',
  'novak',
  'silva',
  'khan',
  'muller',
  'tanaka',
  'haddad',
  'larsen',
  'rossi',
  'dubois',
  'kowalski',
  'nguyen',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net'];
const TOPICS = [
  'Team',
  'Support',
  'Sales',
  'Ops',
  'Family',
  'Book club',
  'Project',
  'Release',
  'Night shift',
  'Alumni',
];
const LINES = [
  'On my way',
  'Can you check the latest build?',
  'Meeting moved to 3pm',
  'Thanks!',
  'Shipping today',
  'Who has the keys?',
  'Great work everyone',
  'Call me when free',
];

function person(i: number, rnd: () => number) {
  const first = FIRST[Math.floor(rnd() * FIRST.length)];
  const last = LAST[Math.floor(rnd() * LAST.length)];
  const name = `${first[0].toUpperCase()}${first.slice(1)} ${last[0].toUpperCase()}${last.slice(1)}`;
  // Two in three users have an e-mail address, one in three a phone number, as real apps mix them.
  const address =
    i % 3 === 2 ? `+1555${String(i).padStart(7, '0')}` : `${first}.${last}${i}@${DOMAINS[i % DOMAINS.length]}`;
  return { address, name };
}

async function main() {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '1000' },
      groups: { type: 'string', default: '100' },
      messages: { type: 'string', default: '1000' },
    },
  });
  const counts = { users: Number(values.users), groups: Number(values.groups), messages: Number(values.messages) };
  for (const [k, v] of Object.entries(counts)) {
    if (!Number.isInteger(v) || v < 0 || v > 10_000_000)
      throw new Error(`--${k} must be a whole number from 0 to 10000000`);
  }
  const { engine, defaultAppId } = await openBackend({ ...backendConfig(), migrations: CONSOLE_MIGRATIONS });
  if (defaultAppId === undefined) throw new Error('BUNDLED_BACKEND is off: there is no bundled app to seed.');
  const db = engine.db;
  const rnd = prng(20261125);
  const bar = new SingleBar({
    format: '{task} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left',
    hideCursor: true,
  });
  const started = Date.now();

  if (counts.users) {
    bar.start(counts.users, 0, { task: 'users   ' });
    const base = Number(
      (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users WHERE app_id = ?', [defaultAppId]))?.n ?? 0,
    );
    for (let i = 0; i < counts.users; i += 50_000) {
      const n = Math.min(50_000, counts.users - i);
      await bulkAddUsers(
        db,
        defaultAppId,
        Array.from({ length: n }, (_, k) => person(base + i + k, rnd)),
      );
      bar.update(i + n);
    }
    bar.stop();
  }

  const uids = (await db.all<{ uid: number }>('SELECT uid FROM users WHERE app_id = ?', [defaultAppId])).map((r) =>
    Number(r.uid),
  );
  if (uids.length === 0 && (counts.groups || counts.messages))
    throw new Error('No users to put in groups or to send messages: seed users first.');
  const pick = () => uids[Math.floor(rnd() * uids.length)];

  const gids: number[] = [];
  if (counts.groups) {
    bar.start(counts.groups, 0, { task: 'groups  ' });
    for (let i = 0; i < counts.groups; i += 10_000) {
      const n = Math.min(10_000, counts.groups - i);
      const groups = Array.from({ length: n }, (_, k) => ({
        name: `${TOPICS[(i + k) % TOPICS.length]} ${i + k + 1}`,
        flags: rnd() < 0.1 ? 0x2 : rnd() < 0.1 ? 0x80 : 0,
        memberUids: Array.from({ length: 2 + Math.floor(rnd() * 18) }, pick),
      }));
      gids.push(...(await bulkAddGroups(db, defaultAppId, groups)));
      bar.update(i + n);
    }
    bar.stop();
  }

  if (counts.messages) {
    const sample = await db.all<{ address: string }>(
      'SELECT address FROM users WHERE app_id = ? ORDER BY uid DESC LIMIT 20000',
      [defaultAppId],
    );
    const who = () => sample[Math.floor(rnd() * sample.length)].address;
    const now = Math.floor(Date.now() / 1000);
    bar.start(counts.messages, 0, { task: 'messages' });
    for (let i = 0; i < counts.messages; i += 50_000) {
      const n = Math.min(50_000, counts.messages - i);
      const messages = Array.from({ length: n }, (_, k) => {
        const toGroup = gids.length > 0 && rnd() < 0.3;
        return {
          from: who(),
          ...(toGroup ? { gid: gids[Math.floor(rnd() * gids.length)] } : { to: who() }),
          recipients: toGroup ? 1 + Math.floor(rnd() * 19) : 1,
          text: LINES[Math.floor(rnd() * LINES.length)],
          ts: now - (counts.messages - i - k) * 7,
        };
      });
      await bulkAddMessages(db, defaultAppId, messages);
      bar.update(i + n);
    }
    bar.stop();
  }
  await db.close();
  process.stdout.write(
    `Seeded ${counts.users.toLocaleString('en-US')} users, ${counts.groups.toLocaleString('en-US')} groups and ${counts.messages.toLocaleString('en-US')} messages into the default app in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
