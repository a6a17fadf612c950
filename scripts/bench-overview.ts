import { parseArgs } from 'node:util';
import { bulkAddMessages, bulkAddUsers } from '@/lib/backend/seed-loader';
import { ACTIVITY_TABLES } from '@/lib/console/activity';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { PresenceStore } from '@/lib/console/presence';
import { activeLocks } from '@/lib/console/signin-locks';
import { compactActivity } from '@/lib/db/activity';
import { rangeBins } from '@/lib/domain/activity';
import { JobStore } from '@/lib/jobs/store';
import { benchDatabase, timeCases } from './bench-kit';

/**
 * `npm run bench:overview`: what the Overview reads on the server, at --users (1,000,000) users
 * and --messages (1,000,000) messages over the last 30 days, for a bundled app (its backend's
 * counts and its activity through `stats`) and for a cloud app (the console's directory of as
 * many users, as many messages sent from the console, 100,000 users online from webhooks): the
 * counts, the widest range's series (30 days by the hour, and the 30 before as totals), the jobs and the
 * sign-in locks of Needs attention (the activity's older quarters folded, as the hourly task
 * does). In-process, no HTTP; 40 runs each after one untimed round.
 * Target: under 20 ms per visit. SQLite in a temporary folder, or PostgreSQL with --database-url.
 */
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000000' },
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
  },
});
const USERS = Number(values.users);
const MESSAGES = Number(values.messages);
const CHUNK = 50_000;
const DAY = 86_400;

async function main() {
  const kit = await benchDatabase('overview', values['database-url']);
  const { db, engine, defaultAppId, cloudApp } = kit;
  const now = Math.floor(Date.now() / 1000);
  const t0 = Date.now();
  for (let i = 0; i < USERS; i += CHUNK)
    await bulkAddUsers(
      db,
      defaultAppId,
      Array.from({ length: Math.min(CHUNK, USERS - i) }, (_, k) => ({ address: `user${i + k}@example.com` })),
      now - Math.floor(((USERS - i) / USERS) * 30 * DAY),
    );
  // Messages spread evenly over 30 days, three in ten to a group.
  for (let i = 0; i < MESSAGES; i += CHUNK)
    await bulkAddMessages(
      db,
      defaultAppId,
      Array.from({ length: Math.min(CHUNK, MESSAGES - i) }, (_, k) => {
        const n = i + k;
        const ts = now - Math.floor(((MESSAGES - n) / MESSAGES) * 30 * DAY);
        return n % 10 < 3
          ? { from: `user${n % USERS}@example.com`, gid: 1 + (n % 50), recipients: 10, text: 'hi', ts }
          : {
              from: `user${n % USERS}@example.com`,
              to: `user${(n * 7) % USERS}@example.com`,
              recipients: 1,
              text: 'hi',
              ts,
            };
      }),
    );
  const directory = new Directory(db);
  for (let i = 0; i < USERS; i += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, USERS - i) }, (_, k) => ({
      address: `user${i + k}@example.com`,
    }));
    for (let j = 0; j < rows.length; j += 5000)
      await db.tx((q) => directory.putUsers(q, cloudApp, rows.slice(j, j + 5000), j % 2 ? 'import' : 'webhook'));
  }
  // As many messages sent from the console, and users online (presence from webhooks), in bulk.
  const series = (n: number) =>
    db.dialect === 'postgres'
      ? `generate_series(1, ${n}) AS g(n)`
      : `(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${n}) SELECT n FROM s) AS g`;
  await db.run(
    `INSERT INTO directory_messages (app_id, mid, sender, recipients, gid, message, ts, unconfirmed)
     SELECT ?, n, 'user1@example.com', '', 0, 'hi', ? - (n * ${Math.floor((30 * DAY) / Math.max(1, MESSAGES))}), 0 FROM ${series(MESSAGES)}`,
    [cloudApp, now],
  );
  await db.run(
    `INSERT INTO presence (app_id, address, online, event_ts) SELECT ?, 'user' || n || '@example.com', 1, ? FROM ${series(100_000)}`,
    [cloudApp, Date.now()],
  );
  // What the hourly task (activity.compact) has done by then: quarters older than an hour in one row each.
  for (const table of ACTIVITY_TABLES) await compactActivity(db, table, now - 3600);
  if (db.dialect === 'postgres') await db.exec('VACUUM ANALYZE');
  console.log(
    `${kit.where}: ${USERS.toLocaleString('en')} users and ${MESSAGES.toLocaleString('en')} messages in each app, seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  // What the Overview asks for its widest range: 30 days by the hour, and the 30 before as totals.
  const { ask } = rangeBins('30d', now, 'Asia/Kolkata');
  const stats = { op: 'stats', activity: { ...ask.window, step: ask.step, previous: ask.previous } };
  const groups = new DirectoryGroups(db);
  const presence = new PresenceStore(db, 24);
  const jobs = new JobStore(db);
  const attention = () => Promise.all([jobs.unfinished(defaultAppId), activeLocks(db)]);
  const readCache = (engine as unknown as { readCache: Map<string, unknown> }).readCache;
  await timeCases(
    [
      [
        'bundled app: counts, 30 days of series, attention',
        () =>
          Promise.all([
            engine.callAsApp(defaultAppId, { op: 'stats' }),
            engine.callAsApp(defaultAppId, stats),
            attention(),
          ]),
      ],
      [
        'cloud app: counts, 30 days of series, online, attention',
        () =>
          Promise.all([
            directory.countUsers(cloudApp),
            groups.counts(cloudApp),
            directory.activity(cloudApp, ask.window, ask.step),
            directory.activityTotals(cloudApp, ask.previous),
            presence.countOnline(cloudApp),
            attention(),
          ]),
      ],
      // Its parts, to tell which one is slow.
      ['  of which: stats (counts)', () => engine.callAsApp(defaultAppId, { op: 'stats' })],
      [
        '  of which: stats activity (30 days by the hour, 30 before as totals)',
        () => engine.callAsApp(defaultAppId, stats),
      ],
      ['  of which: attention (jobs, sign-in locks)', attention],
      ['  of which: users online (100,000)', () => presence.countOnline(cloudApp)],
    ],
    { runs: Number(values.runs), targetMs: 20, beforeEach: () => readCache.clear() },
  );
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
