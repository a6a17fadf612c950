import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { type RunningServer, startServer } from '../helpers/server';

const TOKEN = 'abusesuite0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdef';
let server: RunningServer | undefined;
afterAll(async () => server?.stop());

describe('/backend under abuse', () => {
  it('1,000 slow connections holding half-sent requests do not take the server or the console down', async () => {
    server = await startServer({ MESIBO_APP_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
    const { port } = server;
    const sockets: net.Socket[] = [];
    await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<void>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => {
              // Headers promise a body that never fully arrives (slow-loris).
              s.write(
                'POST /backend HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"op":',
              );
              resolve();
            });
            s.on('error', () => resolve());
            sockets.push(s);
          }),
      ),
    );
    const t0 = Date.now();
    const ready = await request(`${server.url}/api/ready`, { agent: undefined });
    expect(ready.status).toBe(200);
    const api = await postJson(`${server.url}/backend`, { op: 'stats', token: TOKEN });
    expect(api.json.result).toBe(true);
    const login = await request(`${server.url}/login`);
    expect(login.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(5000);
    for (const s of sockets) s.destroy();
  });

  it('an oversized body is refused and the next request is served normally', async () => {
    if (!server) server = await startServer({ MESIBO_APP_TOKEN: TOKEN, LOG_LEVEL: 'warn' });
    const big = await request(`${server.url}/backend`, {
      body: Buffer.alloc(3 * 1024 * 1024, 'x'),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect((await postJson(`${server.url}/backend`, { op: 'stats', token: TOKEN })).json.result).toBe(true);
  });
});

describe('optional per-app rate limit', () => {
  it('with BACKEND_RATE_LIMIT set, a burst over it answers RATELIMITED (429 in code) and the app keeps working after', async () => {
    const limited = await startServer({ MESIBO_APP_TOKEN: TOKEN, LOG_LEVEL: 'warn', BACKEND_RATE_LIMIT: '5' });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => postJson(`${limited.url}/backend`, { op: 'stats', token: TOKEN })),
      );
      const refused = answers.filter((a) => a.json.error === 'RATELIMITED');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0].status).toBe(200);
      expect(refused[0].json).toMatchObject({ result: false, code: 429 });
      expect(answers.filter((a) => a.json.result === true).length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await postJson(`${limited.url}/backend`, { op: 'stats', token: TOKEN })).json.result).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});
