import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { type RunningServer, startServer } from '../helpers/server';

const TOKEN = 'lifecycle0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
const started: RunningServer[] = [];
const start = async (dataDir?: string) => {
  const s = await startServer({
    MESIBO_APP_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
  });
  started.push(s);
  return s;
};
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) fs.rmSync(dir, { recursive: true, force: true });
});

describe('process lifecycle', () => {
  it('/api/health and /api/ready say only that they are fine', async () => {
    const s = await start();
    const health = await request(`${s.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok' });
    const ready = await request(`${s.url}/api/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready' });
    expect(ready.headers['x-powered-by']).toBeUndefined();
  });

  it('a second start on a port in use says so in plain words, without a stack trace, and exits 1', async () => {
    const s = await start();
    const second = startServer({ MESIBO_APP_TOKEN: TOKEN, PORT: String(s.port), DATA_DIR: s.dataDir });
    const error = await second.then(
      () => new Error('the second server started'),
      (e: Error) => e,
    );
    expect(error.message).toContain('server exited (1)');
    expect(error.message).toContain(`cannot listen on 127.0.0.1:${s.port}: it is already in use`);
    expect(error.message).not.toMatch(/\n\s+at /);
    // The first server is unharmed.
    expect((await request(`${s.url}/api/health`)).status).toBe(200);
  });

  it('a database from a newer release: the start is refused naming both schema versions, and the database is left as it was', async () => {
    const s = await start();
    await s.stop();
    const file = path.join(s.dataDir, 'mesibo.db');
    const db = new Database(file);
    const latest = Number(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get());
    db.prepare("INSERT INTO schema_migrations (version, name, applied_ts) VALUES (?, 'a newer release', 0)").run(
      latest + 3,
    );
    db.close();
    const refused = await startServer({ MESIBO_APP_TOKEN: TOKEN, DATA_DIR: s.dataDir }).then(
      () => new Error('the server started'),
      (e: Error) => e,
    );
    expect(refused.message).toContain('server exited (1)');
    expect(refused.message).toContain(
      `This database is from a newer release (schema version ${latest + 3}; this release knows up to ${latest})`,
    );
    expect(refused.message).not.toMatch(/\n\s+at /);
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version > ?').pluck().get(latest)).toBe(1);
    after.close();
  });

  it('a first start on a port in use still shows what it made and shows once: the app token, the sign-in', async () => {
    const s = await start();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-http-first-'));
    const error = await startServer({ PORT: String(s.port), DATA_DIR: dataDir }).then(
      () => new Error('the second server started'),
      (e: Error) => e,
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(error.message).toContain('it is already in use');
    // Started again elsewhere, the console would never show them: said now.
    expect(error.message).toMatch(/Default app token \(shown once, store it now\): [a-z0-9]{40,}/);
    expect(error.message).toMatch(/Console sign-in \(shown once\): \S+@\S+ \/ \S{12,}/);
  });

  it('SIGKILL in the middle of writes: every acknowledged write survives and the database is intact', async () => {
    const s = await start();
    const backend = `${s.url}/backend`;
    await postJson(backend, { op: 'useradd', token: TOKEN, user: { address: 'crash-base' } });
    const gid = (await postJson(backend, { op: 'groupadd', token: TOKEN, group: { name: 'crash' } })).json.group.gid;
    const acked = { users: [] as string[], members: [] as string[], mids: [] as number[] };
    let n = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const i = ++n;
        try {
          const u = await postJson(backend, { op: 'useradd', token: TOKEN, user: { address: `crash-${i}` } });
          if (u.json?.result) acked.users.push(`crash-${i}`);
          const m = await postJson(backend, {
            op: 'groupeditmembers',
            token: TOKEN,
            group: { gid, members: { m: `crash-${i}` } },
          });
          if (m.json?.result) acked.members.push(`crash-${i}`);
          const msg = await postJson(backend, {
            op: 'message',
            token: TOKEN,
            message: { from: 'crash-base', to: `crash-${i}`, message: `m${i}` },
          });
          if (msg.json?.result) acked.mids.push(msg.json.mid);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await new Promise((r) => setTimeout(r, 1200));
    await s.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    expect(acked.users.length).toBeGreaterThan(50);

    const again = await start(s.dataDir);
    const again2 = `${again.url}/backend`;
    const users = new Set<string>();
    let cursor: string | undefined;
    do {
      const page: any = (
        await postJson(again2, { op: 'usersget', token: TOKEN, user: { address: 'crash-*' }, count: 100, cursor })
      ).json;
      for (const u of page.users) users.add(u.address);
      cursor = page.next;
    } while (cursor);
    for (const a of acked.users) expect(users.has(a), a).toBe(true);
    const members = new Set<string>();
    cursor = undefined;
    do {
      const page: any = (
        await postJson(again2, { op: 'groupgetmembers', token: TOKEN, group: { gid }, count: 100, cursor })
      ).json;
      for (const m of page.members) members.add(m.address);
      cursor = page.next;
    } while (cursor);
    for (const a of acked.members) expect(members.has(a), a).toBe(true);
    const mids = new Set<number>();
    cursor = undefined;
    do {
      const page: any = (
        await postJson(again2, { op: 'messagesget', token: TOKEN, message: { from: 'crash-base' }, count: 100, cursor })
      ).json;
      for (const m of page.messages) mids.add(m.mid);
      cursor = page.next;
    } while (cursor);
    for (const mid of acked.mids) expect(mids.has(mid), String(mid)).toBe(true);
    await again.stop();
    const db = new Database(path.join(s.dataDir, 'mesibo.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('SIGTERM finishes the requests in flight, then exits cleanly', async () => {
    const s = await start();
    const backend = `${s.url}/backend`;
    const inflight = Array.from({ length: 40 }, (_, i) =>
      postJson(backend, { op: 'useradd', token: TOKEN, user: { address: `drain-${i}` } }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const exit = s.kill('SIGTERM');
    const answers = await Promise.allSettled(inflight);
    expect(await exit).toBe(0);
    const ok = answers.filter((a) => a.status === 'fulfilled' && a.value.json?.result === true).length;
    expect(ok).toBeGreaterThan(0);
    const again = await start(s.dataDir);
    const listed = (
      await postJson(`${again.url}/backend`, { op: 'usersget', token: TOKEN, user: { address: 'drain-*' }, count: 100 })
    ).json.users;
    expect(listed.length).toBe(ok);
  });
});
