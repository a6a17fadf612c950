import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, inject, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { phpFlatQuery } from '../helpers/php-flat';
import { uacScriptBody } from '../helpers/uac-script';

const base = inject('baseUrl');
const token = inject('appToken');
const dataDir = inject('dataDir');
const backend = `${base}/backend`;

function expectEnvelope(json: any, op: string, result: boolean) {
  expect(json).toMatchObject({ op, result });
  if (!result) {
    expect(typeof json.error).toBe('string');
    expect(typeof json.code).toBe('number');
    expect(typeof json.cause).toBe('string');
    expect(typeof json.action).toBe('string');
    expect(Array.isArray(json.properties)).toBe(true);
  }
}

describe('POST /backend', () => {
  it('answers JSON envelopes with 200 on /backend, /backend/ and /api.php, echoing id', async () => {
    for (const p of ['/backend', '/backend/', '/api.php']) {
      const r = await postJson(`${base}${p}`, { op: 'useradd', token, id: 11, user: { address: `http-${p}` } });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['cache-control']).toBe('no-store');
      expectEnvelope(r.json, 'useradd', true);
      expect(r.json.id).toBe(11);
    }
  });

  it('failures after a parsed body are 200 with the class in `code`', async () => {
    const r = await postJson(backend, { op: 'userdel', token, id: 3, user: { address: 'no-such-user' } });
    expect(r.status).toBe(200);
    expectEnvelope(r.json, 'userdel', false);
    expect(r.json).toMatchObject({ error: 'NOUSER', code: 404, id: 3 });
    const auth = await postJson(backend, { op: 'useradd' });
    expect(auth.status).toBe(200);
    expect(auth.json).toMatchObject({ error: 'AUTHFAIL', code: 401, properties: ['token'] });
  });

  it('400 for a body that is not a JSON object, with the envelope', async () => {
    for (const body of ['{"op":', '[1,2]', '"text"', '42', 'null', '{"a":1}}']) {
      const r = await request(backend, { body, headers: { 'Content-Type': 'application/json' } });
      expect(r.status, body).toBe(400);
      expectEnvelope(r.json, '', false);
      expect(r.json.error).toBe('BADREQUEST');
    }
  });

  it('405 for other methods, with an Allow header', async () => {
    for (const method of ['PATCH', 'OPTIONS']) {
      const r = await request(backend, { method });
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe('GET, POST, PUT, DELETE');
      expect(r.json).toMatchObject({ result: false, error: 'BADMETHOD', code: 405 });
    }
  });

  it('413 for a body over 1 MiB, after reading it; the connection closes past 16 MiB', async () => {
    const big = JSON.stringify({ op: 'useradd', token, user: { address: 'big', name: 'x'.repeat(2 * 1024 * 1024) } });
    const r = await request(backend, { body: big, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ result: false, error: 'TOOLARGE', code: 413 });
    const huge = await request(backend, {
      body: Buffer.alloc(17 * 1024 * 1024, 'a'),
      headers: { 'Content-Type': 'application/json' },
    }).catch((e: Error) => ({ status: -1, error: e }));
    expect([413, -1]).toContain(huge.status);
    // The server is still fine.
    expect((await postJson(backend, { op: 'stats', token })).json.result).toBe(true);
  });

  it('GET with no parameters is an empty request (AUTHFAIL)', async () => {
    const r = await request(backend);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ op: '', result: false, error: 'AUTHFAIL' });
  });
});

describe('legacy and mixed request shapes', () => {
  it('form bodies with legacy names, on /api.php', async () => {
    const r = await request(`${base}/api.php`, {
      body: `op=useradd&token=${token}&addr=form-user&appid=web&expiry=10&name=Form+User&id=77`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      op: 'useradd',
      result: true,
      id: 77,
      user: { address: 'form-user', name: 'Form User' },
    });
    expect(r.json.user.token).toMatch(/^[a-z0-9]{40,}$/);
  });

  it("mesibo's PHP helper: GET /backend/?... in query-string mode and POST JSON mode", async () => {
    const q = phpFlatQuery({
      op: 'useradd',
      user: { address: 'php-http', flags: null, token: { appid: 'com.x', session: 1, expiry: 525600 } },
      token,
    });
    const flat = await request(`${base}/backend/?${q}`);
    expect(flat.json).toMatchObject({ op: 'useradd', result: true, user: { address: 'php-http', appid: 'com.x' } });
    const json = await postJson(`${base}/backend/`, {
      op: 'useradd',
      user: { name: 'P', address: 'php-http', otp: null, token: { appid: 'com.x', expiry: 525600, v2: true } },
      token,
    });
    expect(json.json.user).toMatchObject({ name: 'P', uid: flat.json.user.uid });
    const example = await request(`${base}/backend/?op=useradd&address=a&appid=x&expiry=60&token=${token}`);
    expect(example.json.user).toMatchObject({ address: 'a', appid: 'x' });
  });

  it('op and token in the query, the rest as a JSON body, with PUT and DELETE', async () => {
    await postJson(backend, { op: 'useradd', token, user: { address: 'mix-a' } });
    const g = await request(`${backend}?token=${token}&op=groupadd`, {
      method: 'PUT',
      body: JSON.stringify({ group: { name: 'mixed', members: { m: 'mix-a' } } }),
    });
    expect(g.json).toMatchObject({ op: 'groupadd', result: true, group: { members: 1 } });
    const del = await request(`${backend}?token=${token}&op=groupeditmembers`, {
      method: 'DELETE',
      body: JSON.stringify({ group: { gid: g.json.group.gid, delete: true, members: { m: 'mix-a' } } }),
    });
    expect(del.json).toMatchObject({ op: 'groupeditmembers', result: true, group: { members: 0 } });
    // Where both give a field, the body wins.
    const both = await request(`${backend}?token=wrong&op=stats`, { method: 'POST', body: JSON.stringify({ token }) });
    expect(both.json.result).toBe(true);
  });

  it('other paths go to the console (Next), not the backend', async () => {
    const home = await request(`${base}/login`);
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.text).not.toContain(token);
    const nested = await request(`${base}/backend/extra`);
    expect(nested.headers['content-type'] ?? '').not.toMatch(/application\/json/);
  });
});

describe('mesibo clients as they are today (issue 8)', () => {
  it('/mesiboapi and /mesiboapi/ answer exactly like /backend: methods, bodies, limits', async () => {
    for (const p of ['/mesiboapi', '/mesiboapi/']) {
      const url = `${base}${p}`;
      const add = await postJson(url, { op: 'useradd', token, id: 5, user: { address: `mesiboapi-${p}` } });
      expect(add.status).toBe(200);
      expectEnvelope(add.json, 'useradd', true);
      expect(add.json.id).toBe(5);
      const flat = await request(`${url}?op=usersget&addr=${encodeURIComponent(`mesiboapi-${p}`)}&token=${token}`);
      expect(flat.json.users.map((u: { address: string }) => u.address)).toEqual([`mesiboapi-${p}`]);
      expect((await request(url, { method: 'PATCH' })).status).toBe(405);
      const bad = await request(url, { body: '{"op":', headers: { 'Content-Type': 'application/json' } });
      expect(bad.status).toBe(400);
      const big = JSON.stringify({ op: 'useradd', token, user: { address: 'x', name: 'x'.repeat(1100 * 1024) } });
      expect((await request(url, { body: big, headers: { 'Content-Type': 'application/json' } })).status).toBe(413);
    }
    expect((await request(`${base}/mesiboapi/extra`)).headers['content-type'] ?? '').not.toMatch(/application\/json/);
  });

  it("op users, as mesibo's PHP sample calls it, in JSON and in flat form", async () => {
    const json = await postJson(`${base}/backend`, { op: 'users', token, count: 10 });
    expectEnvelope(json.json, 'users', true);
    expect(json.json.users.length).toBeGreaterThan(0);
    const flat = await request(`${base}/backend/?op=users&count=1&token=${token}`);
    expect(flat.json).toMatchObject({ op: 'users', result: true });
    expect(flat.json.users).toHaveLength(1);
  });

  it("mesibo's uac.sh body, posted as the script does: created, refused when run again, updated with update 1", async () => {
    const post = (update: 0 | 1) =>
      request(`${base}/backend`, {
        method: 'POST',
        body: JSON.stringify(uacScriptBody(token, { update })),
        headers: { 'Content-Type': 'application/json' },
      });
    expect((await post(0)).json).toEqual({ op: 'uacset', result: true, uac: { id: 3, name: 'Test UAC' } });
    expect((await post(0)).json).toMatchObject({ result: false, error: 'BADVALUE', properties: ['uac.id'] });
    expect((await post(1)).json).toEqual({ op: 'uacset', result: true, uac: { id: 3, name: 'Test UAC' } });
  });
});

describe('token breach over HTTP', () => {
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ['scripts/run.mjs', 'scripts/backend-cli.ts', ...args], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH, DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    }).trim();

  it('a sixth client address disables the app; rotation on the command line re-enables it', async () => {
    const appToken = cli('create-app', 'breach-http', '-q');
    expect(appToken).toMatch(/^[a-z0-9]{64}$/);
    for (let i = 2; i <= 6; i++) {
      const r = await postJson(backend, { op: 'stats', token: appToken }, { localAddress: `127.0.0.${i}` });
      expect(r.json.result, `address 127.0.0.${i}`).toBe(true);
    }
    const sixth = await postJson(backend, { op: 'stats', token: appToken }, { localAddress: '127.0.0.7' });
    expect(sixth.json).toMatchObject({ result: false, error: 'TOKENBREACH', code: 403 });
    const again = await postJson(backend, { op: 'stats', token: appToken }, { localAddress: '127.0.0.2' });
    expect(again.json.error).toBe('TOKENBREACH');
    const listed = cli('apps');
    expect(listed).toMatch(/breach-http\s+disabled: token breach/);

    // id, kind, environment, name, state, ...
    const id = /^(\d+)\s+bundled\s+development\s+breach-http/m.exec(listed)?.[1];
    expect(id).toBeDefined();
    const rotated = cli('rotate', String(id), '-q');
    expect(rotated).toMatch(/^[a-z0-9]{64}$/);
    // The server sees the rotation within a second (its app cache lifetime).
    await new Promise((r) => setTimeout(r, 1100));
    const old = await postJson(backend, { op: 'stats', token: appToken }, { localAddress: '127.0.0.2' });
    expect(old.json.error).toBe('AUTHFAIL');
    const fresh = await postJson(backend, { op: 'stats', token: rotated }, { localAddress: '127.0.0.9' });
    expect(fresh.json).toMatchObject({ result: true, stats: { breach: { disabled: false, addresses: 1 } } });
  });
});

describe('reset-two-factor on the command line (the last admin lost device and recovery codes)', () => {
  it('turns two-factor off, ends the sessions, clears the code lock, and is audited', () => {
    const db = new Database(path.join(dataDir, 'mesibo.db'));
    db.pragma('busy_timeout = 5000');
    const t = Math.floor(Date.now() / 1000);
    const { id } = db
      .prepare(
        `INSERT INTO operators (email, name, role, password_hash, created_ts, updated_ts, totp_sealed, totp_since)
           VALUES ('lost.phone@example.com', '', 'admin', 'x', ?, ?, 'v1.sealed.secret', ?) RETURNING id`,
      )
      .get(t, t, t) as { id: number };
    db.prepare("INSERT INTO operator_recovery_codes (operator_id, code_hash) VALUES (?, 'h1'), (?, 'h2')").run(id, id);
    db.prepare(
      "INSERT INTO operator_sessions (jti, operator_id, created_ts, last_seen) VALUES ('lost-1', ?, ?, ?)",
    ).run(id, t, t);
    db.prepare(
      "INSERT INTO signin_failures (operator_id, address, attempts, window_end) VALUES (?, 'authentication codes', 5, ?)",
    ).run(id, t + 900);
    const out = execFileSync(
      process.execPath,
      ['scripts/run.mjs', 'scripts/backend-cli.ts', 'reset-two-factor', 'Lost.Phone@example.com'],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { PATH: process.env.PATH, DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv,
        encoding: 'utf8',
      },
    );
    expect(out).toContain('Two-factor sign-in of Lost.Phone@example.com is off; 1 session(s) ended');
    const row = db.prepare('SELECT totp_sealed FROM operators WHERE id = ?').get(id) as { totp_sealed: string };
    expect(row.totp_sealed).toBe('');
    const count = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM operator_recovery_codes WHERE operator_id = ?')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM operator_sessions WHERE operator_id = ?')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM signin_failures WHERE operator_id = ?')).toBe(0);
    const audit = db
      .prepare(
        "SELECT operator_email, target FROM audit_log WHERE action = 'operator.two_factor.reset' ORDER BY id DESC",
      )
      .get() as { operator_email: string; target: string };
    expect(audit).toEqual({ operator_email: '(command line)', target: 'lost.phone@example.com' });
    db.close();
  });
});
