import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppRegistry } from '@/lib/console/apps';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { secretBox } from '@/lib/console/secret-box';
import { OpError, UpstreamError } from '@/lib/mesibo/errors';
import { KeptGroups, KeptMessages, KeptUsers } from '@/lib/sources/kept';
import { LiveGroups, LiveMessages, LiveUsers } from '@/lib/sources/live';
import type { Call } from '@/lib/sources/types';
import { SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * The rule for apps whose backend cannot list, stated once in the directory sources: what
 * succeeded is kept, a refusal keeps nothing, an unknown outcome is marked and still fails;
 * and a live listing answered BADOP falls back to the directory. The backend is the test's.
 */
let t: TestEngine;
let appId: number;
beforeAll(async () => {
  t = await testEngine();
  const app = await new AppRegistry(t.db, { bundled: true }).createRemote(secretBox(SERVER_KEY), {
    name: 'cloud',
    environment: 'development',
    apiUrl: 'https://api.mesibo.com/backend/',
    token: 'cloudtoken0123456789abcdefghijklmnopqrstuvwxyz',
  });
  appId = app.id;
});
afterAll(async () => t.close());

/** A backend that answers every call with `answer` (or fails with it). */
const backend = (answer: () => unknown): Call => (async () => answer()) as unknown as Call;
/** The directory's users over a backend that answers `answer` (its reads of the directory never call it). */
const keptOver = (dir: Directory, answer: () => unknown): KeptUsers => {
  const kept: KeptUsers = new KeptUsers(appId, dir, new LiveUsers(backend(answer), () => kept));
  return kept;
};
const user = (address: string) => ({ user: { uid: 3, address, name: 'N', active: true, flags: 0 } });

describe('the directory sources: a change goes to the backend and is kept', () => {
  it('keeps what succeeded; a refusal keeps nothing; an unknown outcome is marked and still fails', async () => {
    const dir = new Directory(t.db);
    const ok = keptOver(dir, () => user('kept-a'));
    await ok.save('kept-a', { name: 'N' });
    expect(await dir.getUser(appId, 'kept-a')).toMatchObject({ name: 'N', uid: 3, unconfirmedTs: 0 });

    const refused = new OpError('userset', 'NOUSER', 404, 'no such user', '', ['user.address']);
    const no = keptOver(dir, () => Promise.reject(refused));
    await expect(no.save('kept-b', { name: 'X' })).rejects.toBe(refused);
    expect(await dir.getUser(appId, 'kept-b')).toBeUndefined();

    for (const kind of ['timeout', 'unreachable', 'http_status', 'bad_response'] as const) {
      const lost = new UpstreamError(kind, 'r-1');
      const users = keptOver(dir, () => Promise.reject(lost));
      await expect(users.save(`lost-${kind}`, { name: 'X' })).rejects.toBe(lost);
      expect((await dir.getUser(appId, `lost-${kind}`))?.unconfirmedTs).toBeGreaterThan(0);
    }
    // Not sent at all: nothing to mark.
    const open = keptOver(dir, () => Promise.reject(new UpstreamError('circuit_open', 'r-2')));
    await expect(open.save('never-sent', { name: 'X' })).rejects.toBeInstanceOf(UpstreamError);
    expect(await dir.getUser(appId, 'never-sent')).toBeUndefined();
  });

  it('the live source reads the backend, and the directory when the backend answers BADOP', async () => {
    const dir = new Directory(t.db);
    await dir.putUser(appId, { address: 'only-kept' });
    const kept = keptOver(dir, () => undefined);
    const live = new LiveUsers(
      backend(() => ({ users: [{ uid: 9, address: 'only-live', name: '', active: true, flags: 0 }] })),
      () => kept,
    );
    expect((await live.list({ q: 'only-', sort: 'created' }, undefined, 10)).rows.map((u) => u.address)).toEqual([
      'only-live',
    ]);
    const badop = new OpError('usersget', 'BADOP', 400, 'Invalid operation', '', ['op']);
    const gone = new LiveUsers(
      backend(() => Promise.reject(badop)),
      () => kept,
    );
    const page = await gone.list({ q: 'only-', sort: 'created' }, undefined, 10);
    expect(page).toMatchObject({ source: 'directory', rows: [{ address: 'only-kept' }] });
    // A change on the live source is never kept: the backend is the list.
    const save = backend(() => user('only-live'));
    await new LiveUsers(save, () => kept).save('only-live', { name: 'Z' });
    expect(await dir.getUser(appId, 'only-live')).toBeUndefined();
  });

  it("asks a mesibo backend by the address's start only; another instance of this product with the search, counted once", async () => {
    const asked: Record<string, unknown>[] = [];
    const answering = (answer: Record<string, unknown>): Call =>
      (async (_op: string, payload: Record<string, unknown>) => {
        asked.push(payload);
        return answer;
      }) as unknown as Call;
    const users = { users: [{ uid: 9, address: 'Maya@x', name: 'Maya', active: true, flags: 0 }] };
    const query = { q: 'maya', sort: 'name' as const, active: false, appid: 'web' };
    const plain = await new LiveUsers(answering(users), () => keptOver(new Directory(t.db), () => undefined)).list(
      query,
      undefined,
      10,
    );
    expect(asked.pop()).toEqual({ user: { address: 'maya*' }, count: 10, cursor: undefined });
    expect(plain.search).toBe('prefix');
    expect(plain.count).toBeUndefined();
    const ours = new LiveUsers(
      answering({ ...users, total: 12 }),
      () => keptOver(new Directory(t.db), () => undefined),
      undefined,
      true,
    );
    expect(await ours.list(query, undefined, 10)).toMatchObject({ search: 'full', count: { total: 12 } });
    expect(asked.pop()).toEqual({
      q: 'maya',
      sort: 'name',
      filter: { active: false, appid: 'web' },
      total: true,
      count: 10,
      cursor: undefined,
    });
    await ours.list(query, 'abc', 10);
    expect(asked.pop()).toMatchObject({ total: false, cursor: 'abc' });
    const broad = new LiveUsers(
      answering({ ...users, more: true, atLeast: 10_001 }),
      () => keptOver(new Directory(t.db), () => undefined),
      undefined,
      true,
    );
    expect((await broad.list(query, undefined, 10)).count).toEqual({ atLeast: 10_001 });
  });
});

describe("a user's groups", () => {
  const group = (gid: number, name: string) => ({ group: { gid, name, flags: 0, active: true, members: 1 } });

  it("the directory knows the memberships made through the console, a page at a time, and forgets a deleted user's", async () => {
    const log = new DirectoryGroups(t.db);
    const live = new LiveGroups(
      backend(() => group(0, '')),
      () => kept,
    );
    const kept: KeptGroups = new KeptGroups(appId, log, live);
    for (const [gid, name] of [
      [71, 'Support crew'],
      [72, 'Night shift'],
      [73, 'Owls'],
    ] as const) {
      await log.putGroup(appId, group(gid, name).group);
      await log.putMembers(appId, gid, ['maya.ro@example.org', 'lena.k@example.com'], { send: gid !== 72, recv: true });
    }
    const first = await kept.ofUser('maya.ro@example.org', undefined, 2);
    expect(first).toMatchObject({ offered: true, knownHere: true, next: '72' });
    if (!first.offered) throw new Error('offered');
    expect(first.rows).toEqual([
      { gid: 71, name: 'Support crew', flags: 0, active: true, send: true, recv: true },
      { gid: 72, name: 'Night shift', flags: 0, active: true, send: false, recv: true },
    ]);
    const rest = await kept.ofUser('maya.ro@example.org', first.next, 2);
    expect(rest.offered && rest.rows.map((g) => g.gid)).toEqual([73]);
    await expect(kept.ofUser('maya.ro@example.org', 'not-a-gid', 2)).rejects.toThrow(/out of date/);

    const dir = new Directory(t.db);
    await dir.putUser(appId, { address: 'maya.ro@example.org' });
    await keptOver(dir, () => ({})).remove('maya.ro@example.org');
    const gone = await kept.ofUser('maya.ro@example.org', undefined, 50);
    expect(gone.offered && gone.rows).toEqual([]);
    const other = await kept.ofUser('lena.k@example.com', undefined, 50);
    expect(other.offered && other.rows.length).toBe(3);
  });

  it('a backend that names usergroupsget is asked; one that does not (a self-hosted mesibo) is not offered', async () => {
    const calls: unknown[] = [];
    const answering: Call = (async (op: string, payload: unknown) => {
      calls.push([op, payload]);
      return {
        groups: [{ gid: 5, name: 'G', flags: 2, active: true, permissions: { send: true, recv: false }, admin: false }],
        next: '5',
      };
    }) as unknown as Call;
    const kept = {} as KeptGroups;
    const offered = await new LiveGroups(answering, () => kept, undefined, { userGroups: true }).ofUser(
      'ann',
      undefined,
      50,
    );
    expect(offered).toEqual({
      offered: true,
      knownHere: false,
      rows: [{ gid: 5, name: 'G', flags: 2, active: true, send: true, recv: false }],
      next: '5',
    });
    expect(calls).toEqual([['usergroupsget', { user: { address: 'ann' }, count: 50, cursor: undefined }]]);
    expect(await new LiveGroups(answering, () => kept).ofUser('ann', undefined, 50)).toEqual({ offered: false });
    expect(calls).toHaveLength(1);
  });
});

describe("the directory's message log", () => {
  it('filters a conversation and one message, and names the groups it knows', async () => {
    const log = new DirectoryGroups(t.db);
    await log.putGroup(appId, { gid: 81, name: 'Owls', flags: 0, active: true, members: 0 });
    await log.addMessage(appId, { mid: 901, from: 'zoe@example.com', to: ['yan@example.com'], message: 'zoe to yan' });
    await log.addMessage(appId, { mid: 902, from: 'yan@example.com', to: ['zoe@example.com'], message: 'yan to zoe' });
    await log.addMessage(appId, { mid: 903, from: 'xia@example.com', to: ['wu@example.com'], message: 'not theirs' });
    await log.addMessage(appId, { mid: 904, from: 'zoe@example.com', to: [], gid: 81, message: 'to the owls' });
    const kept = new KeptMessages(
      appId,
      log,
      new LiveMessages(
        backend(() => ({})),
        () => kept,
      ),
    );
    const conversation = await kept.list({ with: 'zoe@example.com' }, undefined, 10);
    expect(conversation.rows.map((m) => m.message)).toEqual(['to the owls', 'yan to zoe', 'zoe to yan']);
    expect(conversation.rows[0].groupname).toBe('Owls');
    const one = await kept.list({ mid: 902 }, undefined, 10);
    expect(one.rows.map((m) => m.message)).toEqual(['yan to zoe']);
  });

  it('asks a backend for a date range only where it offers one (an older instance would list the whole log)', async () => {
    const asked: unknown[] = [];
    const call = (async (_op: string, payload: unknown) => {
      asked.push(payload);
      return { messages: [] };
    }) as unknown as Call;
    const none = () => {
      throw new Error('not the directory');
    };
    const older = new LiveMessages(call, none);
    await expect(older.list({ since: 1_800_000_000 }, undefined, 10)).rejects.toMatchObject({
      code: 'invalid',
      field: 'since',
    });
    expect(asked).toEqual([]);
    const current = new LiveMessages(call, none, { range: true });
    await current.list({ from: 'ann', since: 1_800_000_000, until: 1_800_086_400 }, undefined, 10);
    expect(asked).toEqual([
      { message: { from: 'ann', since: 1_800_000_000, until: 1_800_086_400 }, count: 10, cursor: undefined },
    ]);
  });
});
