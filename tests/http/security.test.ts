import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { type RunningServer, startServer } from '../helpers/server';

/** Fixes of the security review (issue 7) that show over HTTP. */
const base = inject('baseUrl');
const dataDir = inject('dataDir');

describe('files at rest', () => {
  it('DATA_DIR is 0700; the database and the generated keys are 0600', () => {
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(dataDir);
    for (const f of ['mesibo.db', 'nextauth-secret', 'console-secret-key']) expect(files).toContain(f);
    for (const f of files) expect(fs.statSync(path.join(dataDir, f)).mode & 0o077, f).toBe(0);
  });
});

describe('/backend parsing', () => {
  it('JSON nested 10,000 levels deep gets BADREQUEST 400, not INTERNAL', async () => {
    const body = `{"op":"useradd","token":"x","user":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = await request(`${base}/backend`, { body, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ result: false, error: 'BADREQUEST' });
    expect(r.json.cause).toMatch(/more than 32 levels deep/);
  });
});

describe('audit entries of requests without a session are bounded per client address', () => {
  it('60 refused requests from one address leave 30 entries and a counted audit.suppressed one', async () => {
    const from = '127.0.0.77';
    for (let i = 0; i < 60; i++) {
      const r = await request(`${base}/api/apps/1/users?q=bound${i}`, { localAddress: from });
      expect(r.status).toBe(401);
    }
    const db = new Database(path.join(dataDir, 'mesibo.db'), { readonly: true });
    try {
      const refused = db
        .prepare(
          "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'authz.denied' AND target = 'GET /api/apps/1/users'",
        )
        .get() as { n: number };
      expect(refused.n).toBe(30);
      const folded = db
        .prepare("SELECT detail FROM audit_log WHERE action = 'audit.suppressed' AND target = ? ORDER BY id")
        .all(from) as { detail: string }[];
      expect(folded.map((f) => f.detail.split(' ')[0])).toEqual(['1', '10']);
    } finally {
      db.close();
    }
    // Another address still gets its refusals recorded.
    expect((await request(`${base}/api/apps/1/users?q=other`, { localAddress: '127.0.0.78' })).status).toBe(401);
  });
});

describe('a console served over https (NEXTAUTH_URL https://, behind a TLS proxy)', () => {
  let server: RunningServer;
  const origin = 'https://console.example.test';
  beforeAll(async () => {
    server = await startServer({ NEXTAUTH_URL: origin });
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('sends Strict-Transport-Security on pages, route handlers and /backend', async () => {
    for (const p of ['/login', '/api/health', '/api/apps/1/users'])
      expect((await request(`${server.url}${p}`)).headers['strict-transport-security'], p).toMatch(/max-age=\d{7,}/);
    const b = await postJson(`${server.url}/backend`, { op: 'stats' });
    expect(b.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('refuses a server action from the same host over http, and lets the https origin through to Next', async () => {
    const action = (o: string) =>
      request(`${server.url}/`, {
        method: 'POST',
        body: '[]',
        headers: { 'Next-Action': '00deadbeef', Origin: o, 'Content-Type': 'text/plain;charset=UTF-8' },
      });
    expect((await action('http://console.example.test')).status).toBe(403);
    expect((await action(`${server.url}`)).status).toBe(403);
    expect((await action(origin)).status).not.toBe(403);
  });

  it('a console served over http sends no HSTS', async () => {
    expect((await request(`${base}/login`)).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the server key is the one the database was sealed with', () => {
  it('on SQLite, a replaced key file stops the start and names it; the right one starts; rotate-server-key moves it', async () => {
    const first = await startServer();
    const dataDir = first.dataDir;
    await first.stop();
    const keyFile = path.join(dataDir, 'console-secret-key');
    const original = fs.readFileSync(keyFile, 'utf8');
    fs.writeFileSync(keyFile, 'a-replaced-server-key-0123456789abcdefghijklmnop', { mode: 0o600 });
    await expect(startServer({ DATA_DIR: dataDir })).rejects.toThrow(
      /CONSOLE_SECRET_KEY \(unset: the key file .*console-secret-key\): is not the key this database was sealed with/,
    );
    fs.writeFileSync(keyFile, original, { mode: 0o600 });
    const again = await startServer({ DATA_DIR: dataDir });
    await again.stop();
    // A new key, the proper way: everything re-sealed, the check value too.
    const cli = spawnSync(process.execPath, ['scripts/run.mjs', 'scripts/backend-cli.ts', 'rotate-server-key'], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(original);
    const rotated = await startServer({ DATA_DIR: dataDir });
    await rotated.stop();
  });

  it('with CONSOLE_SECRET_KEY, another key than the first start had is refused by name', async () => {
    const key = 'the-first-server-key-0123456789abcdefghijklmnop';
    const first = await startServer({ CONSOLE_SECRET_KEY: key });
    await first.stop();
    await expect(startServer({ DATA_DIR: first.dataDir, CONSOLE_SECRET_KEY: `${key}-other` })).rejects.toThrow(
      /CONSOLE_SECRET_KEY: is not the key this database was sealed with\. Start with the key/,
    );
  });
});
