import { parseArgs } from 'node:util';
import { bulkAddGroups, bulkAddMessages, bulkAddUsers } from '@/lib/backend/seed-loader';
import { LiveGroups, LiveMessages, LiveUsers } from '@/lib/sources/live';
import type { Call, GroupsSource, MessagesSource, UsersSource } from '@/lib/sources/types';
import { benchDatabase, timeCases } from './bench-kit';
import { prng } from './prng';

/**
 * `npm run bench:pages`: a user's page and a group's page at scale, in the bundled backend.
 * Seeds --users (1,000,000) users, --groups (100,000) groups of five members and one of
 * --big (10,000), and --messages (1,000,000) messages, seven in ten direct; "Maya Rodríguez" is
 * in 60 groups (the big one too), has sent 300 messages and received 300. Then times on the
 * server (in-process, through the console's sources and the client, as a page reads them) what
 * each page reads: a user's page (the user, the first 50 of its groups, its 10 newest messages
 * sent and received) and a group's page (the group, its first 100 members, its 10 newest
 * messages), for Maya, the big group, and users and groups picked at random; and the message
 * log of a range of days (messages one every 7 s, as `npm run seed` sends them: 81 days of them),
 * alone and with From or Group; 40 runs of each.
 * Targets (p99): under 50 ms on SQLite, under 100 ms on PostgreSQL (--database-url).
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    groups: { type: 'string', default: '100000' },
    big: { type: 'string', default: '10000' },
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
  },
});
const [USERS, GROUPS, BIG, MESSAGES, RUNS] = ['users', 'groups', 'big', 'messages', 'runs'].map((k) =>
  Number(values[k as keyof typeof values]),
);
const MAYA = 'maya.ro@example.org';
const addressOf = (i: number) => `user${i}@example.com`;

async function main() {
  const kit = await benchDatabase('pages', values['database-url']);
  const { db, defaultAppId: app } = kit;
  const rnd = prng(7);
  const pick = (n: number) => Math.floor(rnd() * n);
  const t0 = Date.now();
  for (let i = 0; i < USERS; i += 50_000)
    await bulkAddUsers(
      db,
      app,
      Array.from({ length: Math.min(50_000, USERS - i) }, (_, k) => ({
        address: addressOf(i + k),
        name: `User ${i + k}`,
      })),
    );
  await bulkAddUsers(db, app, [{ address: MAYA, name: 'Maya Rodríguez' }]);
  const uid = async (address: string) =>
    Number(
      (await db.get<{ uid: number }>('SELECT uid FROM users WHERE app_id = ? AND address = ?', [app, address]))?.uid,
    );
  const first = await uid(addressOf(0));
  const maya = await uid(MAYA);
  const [big] = await bulkAddGroups(db, app, [
    { name: 'Everyone', flags: 0, memberUids: [maya, ...Array.from({ length: BIG - 1 }, () => first + pick(USERS))] },
  ]);
  const gids: number[] = [big];
  for (let i = 0; i < GROUPS; i += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, GROUPS - i) }, (_, k) => ({
      name: `Team ${i + k}`,
      flags: 0,
      // Maya in 59 of them (and the big one): a user's page with more than 50 groups.
      memberUids: [...Array.from({ length: 5 }, () => first + pick(USERS)), ...(i + k < 59 ? [maya] : [])],
    }));
    gids.push(...(await bulkAddGroups(db, app, batch)));
  }
  const now = Math.floor(Date.now() / 1000);
  const sentAt = (n: number) => now - (MESSAGES - n) * 7;
  for (let i = 0; i < MESSAGES; i += 50_000) {
    const batch = Array.from({ length: Math.min(50_000, MESSAGES - i) }, (_, k) => {
      const n = i + k;
      const from = n % 3333 === 0 ? MAYA : addressOf(pick(USERS));
      if (n % 10 < 7)
        return {
          from,
          to: n % 3331 === 0 ? MAYA : addressOf(pick(USERS)),
          recipients: 1,
          text: `m${n}`,
          ts: sentAt(n),
        };
      const gid = n % 997 === 0 ? big : gids[pick(gids.length)];
      return { from, gid, recipients: 5, text: `m${n}`, ts: sentAt(n) };
    });
    await bulkAddMessages(db, app, batch);
  }
  if (db.dialect === 'postgres') await db.exec('VACUUM ANALYZE'); // what autovacuum does after a load
  console.log(
    `${kit.where}: ${USERS.toLocaleString('en')} users, ${GROUPS.toLocaleString('en')} groups (one of ${BIG.toLocaleString('en')}), ${MESSAGES.toLocaleString('en')} messages seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  // The console's sources over the in-process client, as a bundled app's pages read it.
  const call: Call = (op, payload, schema) => kit.call(op, payload, schema);
  const none = () => {
    throw new Error('the bundled backend lists everything');
  };
  const users: UsersSource = new LiveUsers(call, none);
  const groups: GroupsSource = new LiveGroups(call, none, undefined, { search: true, userGroups: true });
  const messages: MessagesSource = new LiveMessages(call, none, { range: true });
  const userPage = (address: string) =>
    Promise.all([
      users.get(address),
      groups.ofUser(address, undefined, 50),
      messages.list({ from: address }, undefined, 10),
      messages.list({ to: address }, undefined, 10),
    ]);
  const groupPage = (gid: number) =>
    Promise.all([groups.get(gid), groups.members(gid, undefined, 100), messages.list({ gid }, undefined, 10)]);
  // The message log's first page of a range of days (the console's From date and To date).
  const DAY = 86_400;
  const logged = (MESSAGES * 7) / DAY; // days of messages
  const days = (n: number, from: number) => ({ since: now - from * DAY, until: now - from * DAY + n * DAY });
  const someDay = () => Math.ceil(1 + rnd() * (logged - 1));
  const target = db.dialect === 'postgres' ? 100 : 50;
  const cases: [string, () => Promise<unknown>][] = [
    ["Maya's page (60 groups, 300 sent, 300 received)", () => userPage(MAYA)],
    ["a user's page (picked at random)", () => userPage(addressOf(pick(USERS)))],
    [`the big group's page (${BIG.toLocaleString('en')} members)`, () => groupPage(big)],
    ["a group's page (picked at random)", () => groupPage(gids[pick(gids.length)])],
    ['the log of a day (picked at random)', () => messages.list(days(1, someDay()), undefined, 25)],
    ['the log of a day before the first message', () => messages.list(days(1, logged + 30), undefined, 25)],
    [
      "Maya's messages sent in a week (picked at random)",
      () => messages.list({ from: MAYA, ...days(7, someDay()) }, undefined, 25),
    ],
    [
      "the big group's messages of a day (picked at random)",
      () => messages.list({ gid: big, ...days(1, someDay()) }, undefined, 25),
    ],
    [
      "a user's conversation in a day (picked at random)",
      () => messages.list({ with: addressOf(pick(USERS)), ...days(1, someDay()) }, undefined, 25),
    ],
  ];
  await timeCases(cases, {
    runs: RUNS,
    targetMs: target,
    // Timed as a first read: the engine's read cache would answer a repeated request.
    beforeEach: () => (kit.engine as unknown as { readCache: Map<string, unknown> }).readCache.clear(),
  });
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
