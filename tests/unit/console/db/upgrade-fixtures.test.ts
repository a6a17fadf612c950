import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend } from '@/lib/backend';
import { createBackendHandler } from '@/lib/backend/http';
import { AppRegistry } from '@/lib/console/apps';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { getOperator, verifyCredentials } from '@/lib/console/operators';
import { secretBox } from '@/lib/console/secret-box';
import { openPostgres } from '@/lib/db/postgres';
import type { Db } from '@/lib/db/types';
import { UserReply } from '@/lib/mesibo/contract';
import { AppBackends } from '@/lib/server/app-backends';
import { throwawaySchema } from '../../../helpers/pg-schema';

/**
 * A database made by an older release (tests/fixtures/<commit>, made by that commit's own code:
 * scripts/make-upgrade-fixtures.sh) opens with today's code, which migrates it, and every row
 * is still there and usable: the old admin signs in with the old password, the remote app's
 * sealed token opens and reaches its backend (a stand-in for mesibo's cloud on the fixture's
 * fixed port), tokens are issued. SQLite here; PostgreSQL (its plain dump loaded into a
 * throwaway schema) when TEST_DATABASE_URL is set. Each later migration keeps this passing.
 */
const COMMIT = 'c697743';
const dir = path.resolve('tests/fixtures', COMMIT);
const keys = JSON.parse(fs.readFileSync(path.resolve('tests/fixtures/keys.json'), 'utf8'));
const postgres = process.env.TEST_DATABASE_URL;
const manifest = JSON.parse(fs.readFileSync(path.join(dir, postgres ? 'postgres.json' : 'sqlite.json'), 'utf8'));

let db: Db;
let engine: Awaited<ReturnType<typeof openBackend>>['engine'];
let close: () => Promise<void>;
let server: http.Server;
let cloud: ChildProcess;

beforeAll(async () => {
  if (postgres) {
    const schema = await throwawaySchema(postgres, 'fixture');
    const name = /search_path=(\w+)/.exec(decodeURIComponent(schema.url))?.[1] ?? '';
    await schema.query(fs.readFileSync(path.join(dir, 'postgres.sql'), 'utf8').replaceAll('__SCHEMA__', name));
    db = openPostgres(schema.url, 4);
    close = async () => {
      await db.close();
      await schema.drop();
    };
  } else {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-fixture-'));
    fs.copyFileSync(path.join(dir, 'mesibo.db'), path.join(data, 'mesibo.db'));
    const { openSqlite } = await import('@/lib/db/sqlite');
    db = openSqlite(data);
    close = async () => {
      await db.close();
      fs.rmSync(data, { recursive: true, force: true });
    };
  }
  ({ engine } = await openBackend(
    {
      migrations: CONSOLE_MIGRATIONS,
      dataDir: '',
      appToken: keys.defaultAppToken,
      secretKey: keys.serverKey,
      breachMaxAddresses: 5,
      breachWindowHours: 24,
    },
    db,
  ));
  // This engine's /backend, and the cloud stand-in in front of it on the fixture's port.
  server = http.createServer(createBackendHandler({ engine, trustProxyHops: 0, onError: () => undefined }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  cloud = spawn(
    process.execPath,
    ['tests/helpers/cloud-backend.mjs', new URL(keys.remoteUrl).port, `http://127.0.0.1:${port}/backend`],
    {
      stdio: 'pipe',
    },
  );
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${new URL(keys.remoteUrl).origin}/__seen`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  cloud?.kill();
  server?.close();
  await close?.();
});

const count = async (table: string) => Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n);

describe(`a database made at ${COMMIT} (${postgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('keeps every row through the migrations, and records them after its own', async () => {
    for (const [table, n] of Object.entries(manifest.counts as Record<string, number>)) {
      if (table === 'schema_migrations') expect(await count(table), table).toBeGreaterThan(n);
      else expect(await count(table), table).toBe(n);
    }
  });

  it('the old admin signs in with the old password; the limited operator keeps its app', async () => {
    const signIn = await verifyCredentials(db, keys.admin.email, keys.admin.password, '192.0.2.1');
    expect(signIn).toMatchObject({ ok: true, operator: { role: 'admin' } });
    const support = await verifyCredentials(db, keys.support.email, keys.support.password, '192.0.2.1');
    if (!support.ok) throw new Error('support cannot sign in');
    expect((await getOperator(db, support.operator.id))?.apps).toEqual([manifest.remoteAppId]);
  });

  it("the default app's users, tokens, group and messages work: its token opens it, a new token is issued", async () => {
    const call = async (req: Record<string, unknown>) =>
      (await engine.call({ token: keys.defaultAppToken, ...req })).body as Record<string, any>;
    const ann = await call({ op: 'usersget', user: { address: 'ann@example.com', exact: true } });
    expect(ann.users[0]).toMatchObject({ address: 'ann@example.com', name: 'ann', tokens: [{ appid: 'web' }] });
    const members = await call({ op: 'groupgetmembers', group: { gid: manifest.gid } });
    expect(members.members.map((m: { address: string }) => m.address).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'carol@example.com',
    ]);
    const messages = await call({ op: 'messagesget', message: {}, count: 10 });
    expect(messages.messages.map((m: { mid: number }) => m.mid).sort()).toEqual([...manifest.mids].sort());
    const issued = await call({ op: 'usertoken', user: { address: 'bob@example.com', token: { appid: 'ios' } } });
    expect(issued.user.token).toMatch(/^[a-z0-9]{40,}$/);
  });

  it("the remote app's sealed token opens, reaches its backend through the stand-in, and issues a token", async () => {
    const registry = new AppRegistry(db, { bundled: true });
    const box = secretBox(keys.serverKey);
    const remote = await registry.get(manifest.remoteAppId);
    expect(remote).toMatchObject({ kind: 'remote', apiUrl: keys.remoteUrl, environment: 'staging' });
    if (!remote) throw new Error('no remote app');
    expect(await registry.remoteToken(box, remote)).toBe(manifest.secondAppToken);
    const backends = new AppBackends(registry, box, async () => engine, { timeoutMs: 5000, maxReplyBytes: 1 << 20 });
    expect(await backends.offered(remote)).toEqual({
      usersget: false,
      groupsget: false,
      messagesget: false,
      stats: false,
      'usersget.search': false,
      'groupsget.search': false,
      usergroupsget: false,
      'messagesget.range': false,
      'groupgetmembers.pages': false,
      'stats.activity': false,
    });
    const r = await backends.call(
      remote,
      'usertoken',
      { user: { address: 'dana@example.com', token: { appid: 'web' } } },
      UserReply,
    );
    expect(r.user.token).toMatch(/^[a-z0-9]{40,}$/);
    // Its directory, as the console kept it.
    const kept = new Directory(db);
    expect(await kept.getUser(remote.id, 'dana@example.com')).toMatchObject({
      name: 'Dana',
      source: 'console',
      uid: 0,
    });
    expect(await kept.getUser(remote.id, 'elsewhere@example.com')).toMatchObject({ source: 'manual' });
    expect((await kept.getUser(remote.id, 'lost@example.com'))?.unconfirmedTs).toBeGreaterThan(0);
    const groups = new DirectoryGroups(db);
    expect(await groups.getGroup(remote.id, 41)).toMatchObject({ name: 'Kept group' });
    expect((await groups.listMessages(remote.id, {}, undefined, 10)).messages[0]).toMatchObject({ mid: 77 });
  });

  it('its audit entries read with the new columns', async () => {
    const rows = await db.all<{ action: string; repeats: number }>('SELECT action, repeats FROM audit_log ORDER BY id');
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'group.create', 'message.send']);
    expect(rows.every((r) => Number(r.repeats) === 1)).toBe(true);
  });
});
