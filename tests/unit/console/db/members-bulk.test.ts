import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draftMembersBulk, MEMBERS_BULK, type MemberTarget, membersBulkHandler } from '@/lib/bulk/members-bulk';
import { listAudit } from '@/lib/console/audit';
import type { MembersBulkKind } from '@/lib/domain/member-bulk-actions';
import { JobStore } from '@/lib/jobs/store';
import { createClient } from '@/lib/mesibo/client';
import { inProcessOf } from '@/lib/server/app-backends';
import { LiveGroups, LiveMessages, LiveUsers } from '@/lib/sources/live';
import type { Sources } from '@/lib/sources/types';
import { remoteConsoleApp, type TestEngine, testEngine } from '../../../helpers/engine';
import { runJobToEnd } from '../../../helpers/jobs';

/**
 * Issue 27: a group's members, a page by number and filtered, and changed in bulk as a job
 * (SQLite, or PostgreSQL with TEST_DATABASE_URL). Twice: through the bundled backend (numbered
 * and filtered by it, members looked up at once), and as a remote backend that has neither (the
 * console reads the members in order, and acts on the permissions it read).
 */
let t: TestEngine;
let store: JobStore;
let bundled: Sources;
let remote: Sources;
let consoleApp: number;
const tag = `mb${Date.now().toString(36)}`;
const a = (n: string | number) => `${tag}-${n}@example.org`;
let gid: number;
// 230 members: 30 "Boss-N" (mixed case), 200 plain.
const people = [
  ...Array.from({ length: 30 }, (_, i) => a(`Boss-${i}`)),
  ...Array.from({ length: 200 }, (_, i) => a(i)),
];

beforeAll(async () => {
  t = await testEngine();
  store = new JobStore(t.db);
  consoleApp = await remoteConsoleApp(t.db, 'members-bulk');
  const call = createClient(
    { kind: 'in-process', call: async (req) => (await t.engine.callAsApp(t.appId, req)).body },
    { timeoutMs: 5000, maxReplyBytes: 5 * 1024 * 1024 },
  );
  const none = () => {
    throw new Error('the bundled backend lists everything');
  };
  const engine = async () => inProcessOf(t.engine, t.appId);
  bundled = {
    users: new LiveUsers(call, none, engine),
    groups: new LiveGroups(call, none, engine, { memberPages: true }, 'bundled'),
    messages: new LiveMessages(call, none),
  } as unknown as Sources;
  remote = { ...bundled, groups: new LiveGroups(call, none, async () => undefined, {}, `remote-${tag}`) } as Sources;
  for (let i = 0; i < people.length; i += 50)
    await Promise.all(people.slice(i, i + 50).map((address) => t.call({ op: 'useradd', user: { address } })));
  gid = (await t.call({ op: 'groupadd', group: { name: `Big ${tag}` } })).group.gid;
  await t.call({ op: 'groupeditmembers', group: { gid, members: { m: people } } });
});
afterAll(async () => t.close());

async function run(sources: Sources, kind: MembersBulkKind, targets: MemberTarget[]) {
  const options = { gid, action: { kind } };
  const { job: id, count } = await draftMembersBulk(
    store,
    { appId: consoleApp, operator: { id: 1, email: 'bulk@example.com' }, options, title: kind },
    [targets],
    1000,
  );
  await store.queue(id, options, count);
  const handler = membersBulkHandler({ sourcesFor: async () => sources, db: async () => t.db });
  const job = await runJobToEnd(store, MEMBERS_BULK, handler, id);
  const rows = await store.results(id, 0, 1000);
  return { job, outcomes: Object.fromEntries(rows.map((r) => [r.key, `${r.outcome} ${r.message}`.trim()])) };
}
const membersNow = async () => {
  const out = new Map<string, { send: boolean; recv: boolean }>();
  let cursor: string | undefined;
  do {
    const page = await t.call({ op: 'groupgetmembers', group: { gid }, count: 100, ...(cursor ? { cursor } : {}) });
    for (const m of page.members) out.set(m.address, m.permissions);
    cursor = page.next;
  } while (cursor);
  return out;
};
const entries = async (subject: string, action: string) => (await listAudit(t.db, { subject, action, count: 10 })).rows;

describe('a group of members, by page and filter', () => {
  for (const [name, sources] of [
    ['bundled', () => bundled],
    ['read in order', () => remote],
  ] as const)
    it(`pages and filters in any case (${name})`, async () => {
      const { groups } = sources();
      const first = await groups.memberPage(gid, { q: '', page: 1 }, 100);
      expect(first.rows).toHaveLength(100);
      expect(first.more).toBe(true);
      const last = await groups.memberPage(gid, { q: '', page: 'last' }, 100);
      expect(last).toMatchObject({ page: 3, total: 230, more: false });
      expect(last.rows).toHaveLength(30);
      const boss = await groups.memberPage(gid, { q: `${tag.toUpperCase()}-BOSS-1`, page: 1 }, 100);
      // Boss-1 and Boss-10 to Boss-19.
      expect(boss.rows.map((m) => m.address).sort()).toEqual(
        [1, ...Array.from({ length: 10 }, (_, i) => 10 + i)].map((i) => a(`Boss-${i}`)).sort(),
      );
      if (name === 'read in order') expect(boss.read).toEqual({ rows: 230, all: true });
      else expect(boss.read).toBeUndefined();
    });
});

describe('bulk actions on members', () => {
  it('Can send off: the members changed, those already off skipped (bundled), each audited with the job', async () => {
    await t.call({ op: 'groupeditmembers', group: { gid, members: { m: [a(0)], permissions: { send: false } } } });
    const chosen = [a(0), a(1), a(2), a('nobody')].map((address) => ({ address }));
    const { job, outcomes } = await run(bundled, 'sendOff', chosen);
    expect(job).toMatchObject({ state: 'done', total: 4, ok: 2, skipped: 2 });
    expect(outcomes[a(0)]).toBe('skipped Already can no longer send.');
    expect(outcomes[a('nobody')]).toBe('skipped Not a member any more.');
    const now = await membersNow();
    expect(now.get(a(1))).toMatchObject({ send: false, recv: true });
    const [entry] = await entries(a(2), 'group.member.permissions');
    expect(entry).toMatchObject({ target: `gid ${gid}: ${a(2)}`, detail: `job ${job?.id}` });
    expect(entry.changes).toEqual({ basis: 'backend', fields: [{ field: 'can send', from: true, to: false }] });
    // Everything the job did, found by the job: each member it changed.
    const byJob = (await listAudit(t.db, { subject: `job ${job?.id}`, count: 10 })).rows;
    expect(byJob.map((e) => e.target).sort()).toEqual([`gid ${gid}: ${a(1)}`, `gid ${gid}: ${a(2)}`]);
  });

  it('Remove 150 members in one job, read in order (a remote backend): each removed and audited, the rest kept', async () => {
    const page = await remote.groups.memberPage(gid, { q: '', page: 2 }, 100);
    const chosen = [
      ...(await remote.groups.memberPage(gid, { q: '', page: 1 }, 100)).rows,
      ...page.rows.slice(0, 50),
    ].map((m) => ({ address: m.address, send: m.permissions.send, recv: m.permissions.recv }));
    const { job } = await run(remote, 'remove', chosen);
    expect(job).toMatchObject({ state: 'done', total: 150, ok: 150 });
    const now = await membersNow();
    expect(now.size).toBe(80);
    for (const m of chosen) expect(now.has(m.address)).toBe(false);
    const [entry] = await entries(chosen[149].address, 'group.member.remove');
    expect(entry.changes?.fields).toEqual([
      { field: 'can send', from: chosen[149].send, to: null },
      { field: 'can receive', from: true, to: null },
    ]);
    // The console forgot what it had read of the group: its pages are the members now.
    expect(await remote.groups.memberPage(gid, { q: '', page: 'last' }, 100)).toMatchObject({ page: 1, total: 80 });
  });
});
