import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '@/lib/console/directory';
import { secretBox } from '@/lib/console/secret-box';
import { WebhookStore } from '@/lib/console/webhooks';
import { sharedLimiter } from '@/lib/db/shared-limiter';
import { createWebhookReceiver } from '@/lib/webhooks/receiver';
import { remoteConsoleApp, SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';
import { prng } from '../../../helpers/hostile';

/**
 * 10,000 generated hostile deliveries (deep JSON, huge arrays, wrong types, invalid UTF-8, form
 * injection, a wrong secret, over the size limit) to a receiver that is on: each gets a 4xx,
 * never a 500, and none changes a user's presence or the directory.
 */
let t: TestEngine;
let app: number;
let url: string;
let server: http.Server;
let secret: string;

beforeAll(async () => {
  t = await testEngine();
  app = await remoteConsoleApp(t.db, `hostile-${Date.now()}`);
  const store = new WebhookStore(t.db, secretBox(SERVER_KEY));
  const directory = new Directory(t.db);
  const receiver = createWebhookReceiver({
    store,
    limiter: sharedLimiter(t.db, { keyPrefix: `hostile-${Date.now()}`, points: 1_000_000, duration: 1 }),
    learn: async () => (q, addresses) => directory.addUnknown(q, app, addresses, 'webhook'),
    onError: (err) => console.error('receiver fault', err), // a 500 fails the test below: this says why
  });
  server = http.createServer((req, res) => void receiver.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hook = await store.settings(app);
  secret = hook.secret;
  await store.change(app, { enabled: true });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mesibo/${hook.hookId}`;
});
afterAll(async () => {
  server.close();
  await t.close();
});

type Hostile = { method: 'POST' | 'GET'; body?: Buffer | string; type?: string; query?: string };

function hostile(count: number, seed: number): Hostile[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const user = (address: unknown, status: unknown = 'online') => ({ type: 'user', user: { uid: 1, address }, status });
  const env = (over: Record<string, unknown>) => JSON.stringify({ v: 1, aid: 1, ts: 1, secret, events: [], ...over });
  const makers: (() => Hostile)[] = [
    () => ({ method: 'POST', body: '['.repeat(1 + Math.floor(r() * 200_000)) }),
    () => ({ method: 'POST', body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` }),
    () => ({
      method: 'POST',
      body: env({ events: Array.from({ length: 1001 + Math.floor(r() * 50) }, () => user('x')) }),
    }),
    () => ({ method: 'POST', body: env({ events: 'not a list' }) }),
    () => ({ method: 'POST', body: env({ v: pick(['1', 3, null, {}, [], -1, 1.5]) }) }),
    () => ({ method: 'POST', body: env({ events: [user(pick([5, null, {}, [], '', 'x'.repeat(2000)]))] }) }),
    () => ({ method: 'POST', body: env({ events: [{ type: pick([5, null, '', 'x'.repeat(100)]) }] }) }),
    () => ({ method: 'POST', body: env({ ts: pick([-1, 'soon', 1e20, {}]) }) }),
    () => ({ method: 'POST', body: env({ aid: pick([{}, [], true, 'x'.repeat(100)]) }) }),
    () => ({ method: 'POST', body: env({ secret: pick([5, null, {}, 'wrong', '', secret.slice(1)]) }) }),
    () => ({ method: 'POST', body: env({ events: [{ ...user('y'), ts: pick([-5, 'x', 1e99]) }] }) }),
    () => ({ method: 'POST', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
    () => ({
      method: 'POST',
      body: Buffer.concat([Buffer.from('secret='), Buffer.from([0xc3, 0x28]), Buffer.from('&e=16&from=z')]),
      type: 'application/x-www-form-urlencoded',
    }),
    () => ({
      method: 'POST',
      body: `secret=${encodeURIComponent(secret)}&e=${pick(['abc', '0x', '', '99999999999', '1e3', '-16'])}&from=z`,
      type: 'application/x-www-form-urlencoded',
    }),
    () => ({
      method: 'POST',
      body: `secret=${encodeURIComponent(secret)}&e=16`,
      type: 'application/x-www-form-urlencoded',
    }),
    () => ({ method: 'POST', body: `secret=wrong&e=16&from=a%0D%0Ab`, type: 'application/x-www-form-urlencoded' }),
    () => ({
      method: 'POST',
      body: `secret=${encodeURIComponent(secret)}&e=16&from=${'a'.repeat(2000)}`,
      type: 'application/x-www-form-urlencoded',
    }),
    () => ({
      method: 'POST',
      body: `secret=${encodeURIComponent(secret)}&uid=abc&e=16&from=q`,
      type: 'application/x-www-form-urlencoded',
    }),
    () => ({ method: 'GET', query: `secret=wrong&e=16&from=${pick(['a', '%00', "'; DROP TABLE presence; --"])}` }),
    () => ({ method: 'GET', query: pick(['', 'e=', 'from=a', `secret=${encodeURIComponent(secret)}&e=zz`]) }),
    () => ({ method: 'POST', body: 'x'.repeat(257 * 1024 + Math.floor(r() * 1000)) }),
    () => ({ method: 'POST', body: pick(['', ' ', 'null', 'true', '"str"', '[1,2]', '{', '}{', 'plain text']) }),
  ];
  return Array.from({ length: count }, () => pick(makers)());
}

function send(h: Hostile): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(h.query === undefined ? url : `${url}?${h.query}`);
    const body = h.body === undefined ? undefined : Buffer.from(h.body);
    const req = http.request(
      target,
      {
        method: h.method,
        headers: {
          'content-type': h.type ?? 'application/json',
          ...(body ? { 'content-length': body.length } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile webhook deliveries', () => {
  it('10,000 of them: each a 4xx, never a 500, and nothing changed', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    const all = hostile(10_000, 23);
    for (let i = 0; i < all.length; i += 16) {
      const batch = await Promise.all(all.slice(i, i + 16).map(send));
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    for (const s of statuses.keys()) expect(s, `status ${s}`).toBeGreaterThanOrEqual(400);
    for (const s of statuses.keys()) expect(s, `status ${s}`).toBeLessThan(500);
    expect(await t.db.get('SELECT COUNT(*) AS n FROM presence WHERE app_id = ?', [app])).toMatchObject({ n: 0 });
    expect(await t.db.get('SELECT COUNT(*) AS n FROM directory_users WHERE app_id = ?', [app])).toMatchObject({ n: 0 });
    expect(
      await t.db.get("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE app_id = ? AND result = 'accepted'", [app]),
    ).toMatchObject({ n: 0 });
  });
});
