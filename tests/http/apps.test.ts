import fs from 'node:fs';
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { freePort, type RunningServer, startServer } from '../helpers/server';

/**
 * Which apps a server has, from its configuration: a remote app's token (MESIBO_APP_TOKEN
 * with MESIBO_API_URL) never opens this server's own Backend API, and BUNDLED_BACKEND=off
 * turns that Backend API off altogether.
 */
const REMOTE_TOKEN = 'remoteapp0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
const started: RunningServer[] = [];
const servers: http.Server[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const s of servers) s.close();
  for (const dir of new Set(started.map((s) => s.dataDir))) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in remote Backend API that answers every op with an empty success. */
async function remoteBackend(): Promise<string> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const op = (JSON.parse(body || '{}') as { op?: string }).op ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ op, result: true, stats: { users: 0, groups: 0, messages: 0 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${port}/backend`;
}

const stats = (url: string, token: string) => postJson(`${url}/backend`, { op: 'stats', token });

describe('apps from the configuration', () => {
  it('with MESIBO_API_URL, its token does not open this server’s /backend; the bundled app has its own token', async () => {
    const s = await startServer({
      MESIBO_API_URL: await remoteBackend(),
      MESIBO_APP_TOKEN: REMOTE_TOKEN,
      LOG_LEVEL: 'warn',
    });
    started.push(s);
    expect((await stats(s.url, REMOTE_TOKEN)).json).toMatchObject({ result: false, error: 'AUTHFAIL' });
    const printed = /Bundled app token \(shown once, store it now\): ([a-z0-9]{64})/.exec(s.log())?.[1];
    expect(printed).toBeDefined();
    expect((await stats(s.url, printed as string)).json).toMatchObject({ result: true });
  });

  it('a database where an older version gave the remote token to the bundled app: that app gets a new token', async () => {
    // First start without MESIBO_API_URL: the token is the bundled default app's, as intended then.
    const first = await startServer({ MESIBO_APP_TOKEN: REMOTE_TOKEN, LOG_LEVEL: 'warn' });
    started.push(first);
    expect((await stats(first.url, REMOTE_TOKEN)).json).toMatchObject({ result: true });
    await first.stop();
    const again = await startServer({
      DATA_DIR: first.dataDir,
      MESIBO_API_URL: await remoteBackend(),
      MESIBO_APP_TOKEN: REMOTE_TOKEN,
      LOG_LEVEL: 'warn',
    });
    started.push(again);
    expect((await stats(again.url, REMOTE_TOKEN)).json).toMatchObject({ result: false, error: 'AUTHFAIL' });
    expect(again.log()).toMatch(/Bundled app token \(shown once, store it now\): [a-z0-9]{64}/);
  });

  it('BUNDLED_BACKEND=off: every Backend API path answers 404, and the console still runs', async () => {
    const s = await startServer({
      BUNDLED_BACKEND: 'off',
      MESIBO_API_URL: await remoteBackend(),
      MESIBO_APP_TOKEN: REMOTE_TOKEN,
      LOG_LEVEL: 'warn',
    });
    started.push(s);
    for (const path of ['/backend', '/backend/', '/mesiboapi', '/mesiboapi/', '/api.php']) {
      const r = await request(`${s.url}${path}`, {
        method: 'POST',
        body: JSON.stringify({ op: 'stats', token: REMOTE_TOKEN }),
      });
      expect(r.status, path).toBe(404);
    }
    expect(s.log()).toContain('Backend API: off (BUNDLED_BACKEND=off)');
    expect(s.log()).not.toMatch(/app token \(shown once/);
    expect((await request(`${s.url}/login`)).status).toBe(200);
  });
});
