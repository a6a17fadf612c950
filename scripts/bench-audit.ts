import { parseArgs } from 'node:util';
import { listAudit } from '@/lib/console/audit';
import { backfillAuditSubjects, keepSubjects, subjectsOf } from '@/lib/console/audit-subjects';
import type { Queryable } from '@/lib/db/types';
import { benchDatabase, timeCases } from './bench-kit';
import { prng } from './prng';

/**
 * `npm run bench:audit`: the audit log filtered at scale. Writes --entries (1,000,000) entries,
 * one every 30 s (a year of them), as a busy console writes them: changes to 200,000 users and
 * 20,000 groups (their members too), tokens, sign-ins of 50 operators, refusals; one in fifty
 * failed or refused. "maya.ro@example.org" is the target of about 180 of them. Then times on the
 * server (the log's own read, as the Audit log page and its route handler call it) the first page
 * (50) of: everything done to Maya, to a user and a group picked at random, to an operator
 * (thousands of sign-ins); Maya's in one app, refused only, in a month; the failed entries, of all
 * apps and of one; a day picked at random, alone and with an action; 40 runs of each. Then the first
 * start after the upgrade that brought targets: every entry given its own, timed.
 * Targets (p99): under 50 ms on SQLite, under 100 ms on PostgreSQL (--database-url).
 */
const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '40' },
    'database-url': { type: 'string' },
  },
});
const ENTRIES = Number(values.entries);
const RUNS = Number(values.runs);
const MAYA = 'maya.ro@example.org';
const USERS = 200_000;
const GROUPS = 20_000;
const OPERATORS = 50;
const EVERY = 30; // seconds between entries
const userOf = (i: number) => `user${i}@example.com`;
const operatorOf = (i: number) => `op${i}@example.com`;

type Entry = { ts: number; email: string; action: string; target: string; outcome: string; app: number | null };

async function main() {
  const kit = await benchDatabase('audit', values['database-url']);
  const { db } = kit;
  const rnd = prng(11);
  const pick = (n: number) => Math.floor(rnd() * n);
  const now = Math.floor(Date.now() / 1000);
  const entryAt = (n: number): Entry => {
    const ts = now - (ENTRIES - n) * EVERY;
    const email = operatorOf(pick(OPERATORS));
    const outcome = n % 50 === 0 ? (n % 100 === 0 ? 'failed' : 'denied') : 'ok';
    const app = 1 + (n % 3);
    const user = n % 3331 === 0 ? MAYA : userOf(pick(USERS));
    switch (n % 10) {
      case 0:
      case 1:
      case 2:
        return { ts, email, action: 'user.update', target: user, outcome, app };
      case 3:
        return { ts, email, action: 'token.issue', target: `${user} (com.example.app)`, outcome, app };
      case 4:
        return { ts, email, action: 'group.update', target: `gid ${pick(GROUPS)} (Team)`, outcome, app };
      case 5:
        return { ts, email, action: 'group.member.permissions', target: `gid ${pick(GROUPS)}: ${user}`, outcome, app };
      case 6:
        return { ts, email, action: 'auth.signin', target: email, outcome, app: null };
      case 7:
        return { ts, email, action: 'authz.denied', target: `user.delete ${user}`, outcome: 'denied', app };
      default:
        return { ts, email, action: 'messages.export', target: 'from someone', outcome, app };
    }
  };
  const t0 = Date.now();
  const CHUNK = 2000;
  for (let i = 0; i < ENTRIES; i += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, ENTRIES - i) }, (_, k) => entryAt(i + k));
    await db.tx(async (q: Queryable) => {
      const ids: number[] = [];
      for (let j = 0; j < batch.length; j += 500) {
        const part = batch.slice(j, j + 500);
        const rows = await q.all<{ id: number }>(
          `INSERT INTO audit_log (ts, operator_email, role, action, target, outcome, app_id, last_ts)
           VALUES ${part.map(() => "(?, ?, 'admin', ?, ?, ?, ?, 0)").join(', ')} RETURNING id`,
          part.flatMap((e) => [e.ts, e.email, e.action, e.target, e.outcome, e.app]),
        );
        ids.push(...rows.map((r) => Number(r.id)).sort((a, b) => a - b));
      }
      await keepSubjects(
        q,
        batch.flatMap((e, k) => subjectsOf(e.action, e.target).map((s) => [s, ids[k]] as const)),
      );
    });
  }
  if (db.dialect === 'postgres') await db.exec('VACUUM ANALYZE'); // what autovacuum does after a load
  const count = async (where = '', params: string[] = []) =>
    Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM audit_subjects${where}`, params))?.n).toLocaleString(
      'en',
    );
  console.log(
    `${kit.where}: ${ENTRIES.toLocaleString('en')} audit entries (${await count()} targets; Maya's: ${await count(' WHERE subject = ?', [MAYA])}) written in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  const DAY = 86_400;
  const days = (ENTRIES * EVERY) / DAY;
  const someDay = () => now - Math.ceil(1 + rnd() * (days - 1)) * DAY;
  const page = (filter: Omit<Parameters<typeof listAudit>[1], 'count'>) => listAudit(db, { ...filter, count: 50 });
  const target = db.dialect === 'postgres' ? 100 : 50;
  const cases: [string, () => Promise<unknown>][] = [
    ['everything done to Maya', () => page({ subject: MAYA })],
    ['everything done to a user (picked at random)', () => page({ subject: userOf(pick(USERS)) })],
    ['everything done to a group (picked at random)', () => page({ subject: `gid ${pick(GROUPS)}` })],
    ['everything done to an operator (~2,000 sign-ins)', () => page({ subject: operatorOf(pick(OPERATORS)) })],
    ["Maya's in one app, refused only", () => page({ subject: MAYA, app: 2, outcome: 'denied' })],
    [
      "Maya's in a month (picked at random)",
      () => {
        const since = someDay();
        return page({ subject: MAYA, since, until: since + 30 * DAY });
      },
    ],
    ['the failed entries', () => page({ outcome: 'failed' })],
    ['the failed entries of one app', () => page({ outcome: 'failed', app: 2 })],
    [
      'a day (picked at random)',
      () => {
        const since = someDay();
        return page({ since, until: since + DAY });
      },
    ],
    [
      'the sign-ins of a day (picked at random)',
      () => {
        const since = someDay();
        return page({ action: 'auth.signin', since, until: since + DAY });
      },
    ],
  ];
  await timeCases(cases, { runs: RUNS, targetMs: target });

  // The first start after the upgrade that brought targets (migration 26): every entry given its own.
  await db.exec('DELETE FROM audit_subjects');
  await db.run('UPDATE audit_subjects_backfill SET below = (SELECT MAX(id) + 1 FROM audit_log)');
  const t1 = Date.now();
  await backfillAuditSubjects(db, {});
  console.log(
    `the first start after the upgrade: ${ENTRIES.toLocaleString('en')} earlier entries given their targets in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
  );
  await kit.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
