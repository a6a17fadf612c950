import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Directory } from '@/lib/console/directory';
import { secretBox } from '@/lib/console/secret-box';
import { WebhookStore } from '@/lib/console/webhooks';
import { sharedLimiter } from '@/lib/db/shared-limiter';
import { applyDeliveries, createWebhookReceiver } from '@/lib/webhooks/receiver';
import { remoteConsoleApp, SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

/**
 * The webhook receiver over HTTP on a real database (SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): mesibo's version 1, version 2 and legacy deliveries accepted with
 * `MESIBO OK` and their presence kept (an older event never overwrites a newer one, the
 * directory learns unknown addresses); each refusal changes nothing and says why; a body
 * received twice is stored once.
 */
let t: TestEngine;
let store: WebhookStore;
let app: number;
let base: string;
let server: http.Server;
let hook: { hookId: string; secret: string };
let receiver: ReturnType<typeof createWebhookReceiver>;

beforeAll(async () => {
  t = await testEngine();
  app = await remoteConsoleApp(t.db, `webhooks-${Date.now()}`);
  store = new WebhookStore(t.db, secretBox(SERVER_KEY));
  const directory = new Directory(t.db);
  receiver = createWebhookReceiver({
    store,
    limiter: sharedLimiter(t.db, { keyPrefix: `webhook-test-${Date.now()}`, points: 50, duration: 1 }),
    learn: async () => (q, addresses) => directory.addUnknown(q, app, addresses, 'webhook'),
    onError: (err) => {
      throw err;
    },
  });
  server = http.createServer((req, res) => void receiver.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mesibo/`;
  hook = await store.settings(app);
  await store.change(app, { enabled: true });
});
afterAll(async () => {
  server.close();
  await t.close();
});

const post = (body: string, type = 'application/json', id = hook.hookId) =>
  fetch(`${base}${id}`, { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => ({
    status: r.status,
    text: (await r.text()).trim(),
  }));
const presence = (address: string) =>
  t.db.get<{ online: number; event_ts: number }>(
    'SELECT online, event_ts FROM presence WHERE app_id = ? AND address = ?',
    [app, address],
  );
const deliveries = () =>
  t.db.all<{ result: string; status: number; reason: string; body: string; version: number }>(
    'SELECT result, status, reason, body, version FROM webhook_deliveries WHERE app_id = ? ORDER BY id',
    [app],
  );
const v1 = (events: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ server: 'mesibo', id: 0, v: 1, aid: 1, ts: 1609757524820, secret: hook.secret, events, ...extra });
const user = (address: string, status: string, ts?: number) => ({
  type: 'user',
  user: { uid: 237234, address },
  status,
  ...(ts ? { ts } : {}),
});

describe('the webhook receiver', () => {
  it('version 1, 2 and the legacy form (POST and GET) are accepted with MESIBO OK, and set presence', async () => {
    expect(await post(v1([user('919999900139', 'online')]))).toEqual({ status: 200, text: 'MESIBO OK' });
    expect(await presence('919999900139')).toMatchObject({ online: 1, event_ts: 1609757524820 });
    const v2 = JSON.stringify({
      server: 'mesibo',
      id: 0,
      v: 2,
      aid: 1,
      ts: 1609757525000,
      events: [user('919999900139', 'offline')],
    });
    expect(await post(v2)).toEqual({ status: 200, text: 'MESIBO OK' });
    expect(await presence('919999900139')).toMatchObject({ online: 0 });
    const form = new URLSearchParams({ secret: hook.secret, uid: '5', aid: '1', from: 'legacy-user', e: '16' });
    expect(await post(form.toString(), 'application/x-www-form-urlencoded')).toEqual({
      status: 200,
      text: 'MESIBO OK',
    });
    expect(await presence('legacy-user')).toMatchObject({ online: 1 });
    const get = await fetch(
      `${base}${hook.hookId}?${new URLSearchParams({ secret: hook.secret, from: 'legacy-get', e: '0x20' })}`,
    );
    expect([get.status, (await get.text()).trim()]).toEqual([200, 'MESIBO OK']);
    expect(await presence('legacy-get')).toMatchObject({ online: 0 });
    // The directory learned them, as from a webhook; no body kept holds the secret.
    expect(await new Directory(t.db).getUser(app, '919999900139')).toMatchObject({ source: 'webhook' });
    for (const d of await deliveries()) expect(d.body).not.toContain(hook.secret);
  });

  it('an older event never overwrites a newer one; several events in one delivery; unknown types kept', async () => {
    await post(
      v1([user('order', 'online', 2000), user('order', 'offline', 1000), { type: 'message', from: 'a', to: 'b' }]),
    );
    expect(await presence('order')).toMatchObject({ online: 1, event_ts: 2000 });
    await post(v1([{ type: 'billing', whatever: [1, 2] }], { ts: 5 }));
    const last = (await deliveries()).at(-1);
    expect(last).toMatchObject({ result: 'accepted', status: 200 });
  });

  it('refusals change nothing and say why: wrong secret, unknown URL, bad bodies; a repeat is stored once', async () => {
    const before = (await deliveries()).length;
    expect((await post(v1([user('x1', 'online')], { secret: 'wrong' }))).status).toBe(401);
    expect((await post(JSON.stringify({ v: 1, aid: 1, events: [user('x1', 'online')] }))).status).toBe(401);
    expect((await post(v1([]), 'application/json', 'A'.repeat(27))).status).toBe(404);
    expect((await post('{not json')).status).toBe(400);
    expect((await post(v1([{ type: 'user', user: { address: 5 }, status: 'online' }]))).text).toMatch(
      /^events\.0\.user\.address: /,
    );
    expect((await post(v1(Array.from({ length: 1001 }, () => user('x', 'online'))))).text).toBe(
      'events: At most 1000 events a delivery.',
    );
    expect((await post('x'.repeat(300 * 1024))).status).toBe(400);
    // With the right secret too: text no address, type or app id can hold (NUL, new lines) is named and refused.
    expect((await post(v1([user('a\u0000b', 'online')]))).text).toBe(
      'events.0.user.address: An address cannot contain control characters.',
    );
    expect((await post(v1([{ type: 'x\ny' }]))).text).toBe('events.0.type: Control characters are not allowed here.');
    const nul = new URLSearchParams({ secret: hook.secret, from: 'a\u0000b', e: '16' });
    expect((await post(nul.toString(), 'application/x-www-form-urlencoded')).text).toBe(
      'from: An address cannot contain control characters.',
    );
    expect(await presence('x1')).toBeUndefined();
    const refused = (await deliveries()).slice(before);
    expect(refused.map((d) => d.status)).toEqual([401, 401, 400, 400, 400, 400, 400, 400, 400]); // the unknown URL is nobody's
    expect(refused.every((d) => !d.body.includes(hook.secret))).toBe(true);
    // The same body twice: one row, both answered MESIBO OK.
    const body = v1([user('twice', 'online')], { ts: 42 });
    expect((await post(body)).text).toBe('MESIBO OK');
    expect((await post(body)).text).toBe('MESIBO OK');
    const rows = await t.db.all("SELECT id FROM webhook_deliveries WHERE app_id = ? AND body LIKE '%twice%'", [app]);
    expect(rows).toHaveLength(1);
  });

  it('deliveries arriving together are stored together: the same body twice once, the newest event wins', async () => {
    const a = v1([user('together-1', 'online', 100), user('together-2', 'online', 100)], { ts: 7001 });
    const b = v1([user('together-1', 'offline', 200)], { ts: 7002 });
    const d = v1([user('together-2', 'online', 50)], { ts: 7003 });
    const arrive = (body: string) =>
      receiver.receive({ method: 'POST', url: `/webhooks/mesibo/${hook.hookId}`, body: async () => Buffer.from(body) });
    const answers = await Promise.all([a, b, a, d].map(arrive));
    expect(answers.map((x) => x.text)).toEqual(['MESIBO OK', 'MESIBO OK', 'MESIBO OK', 'MESIBO OK']);
    expect(await presence('together-1')).toMatchObject({ online: 0, event_ts: 200 });
    expect(await presence('together-2')).toMatchObject({ online: 1, event_ts: 100 });
    const rows = await t.db.all("SELECT id FROM webhook_deliveries WHERE app_id = ? AND body LIKE '%together-%'", [
      app,
    ]);
    expect(rows).toHaveLength(3); // a, b, d: the second a is the same delivery
    // (On PostgreSQL the four may land in more than one batch: what each changed is then told apart in time.)
    expect((await store.peek(app))?.lastDeliveryTs).toBeGreaterThan(0);
  });

  it('applied together, each delivery is told what it changed itself', async () => {
    const learned: string[][] = [];
    const changes = await t.db.tx((q) =>
      applyDeliveries(
        q,
        app,
        [
          [
            { address: 'batch-1', online: true, ts: 100 },
            { address: 'batch-2', online: true, ts: 100 },
          ],
          [{ address: 'batch-1', online: false, ts: 200 }],
          [{ address: 'batch-2', online: false, ts: 50 }],
        ],
        async (_q, addresses) => {
          learned.push(addresses);
          return addresses.slice(1);
        },
      ),
    );
    expect(learned).toEqual([['batch-1', 'batch-2']]); // one question for the whole batch
    expect(changes).toEqual([
      [{ presence: 'batch-2', online: true }, { learned: 'batch-2' }], // its batch-1 was overtaken by the second
      [{ presence: 'batch-1', online: false }],
      [],
    ]);
  });

  it('Version 1 only refuses version 2; a set mesibo app id refuses another; turned off answers 404', async () => {
    await store.change(app, { versions: '1', mesiboAid: '7' });
    expect((await post(JSON.stringify({ v: 2, aid: 7, events: [] }))).status).toBe(401);
    expect((await post(v1([], { aid: 8 }))).status).toBe(403);
    expect((await post(v1([], { aid: 7, ts: 99 }))).status).toBe(200);
    await store.change(app, { enabled: false, versions: '1,2', mesiboAid: '' });
    expect((await post(v1([]))).status).toBe(404);
    await store.change(app, { enabled: true });
    const old = hook.hookId;
    await store.newHookId(app);
    expect((await post(v1([], { ts: 100 }), 'application/json', old)).status).toBe(404);
    hook = await store.settings(app);
    expect((await post(v1([], { ts: 101 }))).status).toBe(200);
  });
});

describe('the webhook store', () => {
  it('forgets deliveries past retention, and keeps at most its bounds per app, refusals apart', async () => {
    const other = await remoteConsoleApp(t.db, `webhooks-bounds-${Date.now()}`);
    const row = (n: number, result: 'accepted' | 'refused', ts: number) =>
      store.record([
        {
          appId: other,
          ts,
          version: 1,
          aid: '',
          types: [],
          addresses: [],
          events: 0,
          result,
          reason: '',
          status: result === 'accepted' ? 200 : 401,
          test: false,
          body: `{"n":${n}}`,
          bodyHash: result === 'accepted' ? `hash-${other}-${n}` : undefined,
        },
      ]);
    const now = Date.now();
    await row(0, 'accepted', now - 40 * 86_400_000);
    for (let n = 1; n <= 5; n++) await row(n, 'accepted', now);
    for (let n = 6; n <= 10; n++) await row(n, 'refused', now);
    await store.forget(now - 30 * 86_400_000, { accepted: 3, refused: 2 });
    const left = await t.db.all<{ result: string; body: string }>(
      'SELECT result, body FROM webhook_deliveries WHERE app_id = ? ORDER BY id',
      [other],
    );
    expect(left.map((r) => `${r.result} ${r.body}`)).toEqual([
      'accepted {"n":3}',
      'accepted {"n":4}',
      'accepted {"n":5}',
      'refused {"n":9}',
      'refused {"n":10}',
    ]);
  });

  it('rotate-server-key re-seals the URL id and secret: the new key opens them, the old no longer', async () => {
    const before = await store.settings(app);
    const next = secretBox('another-server-key-0123456789abcdefghijklmnopqrstuvwxyz');
    expect(await store.reseal(secretBox(SERVER_KEY), next)).toMatchObject({ unreadable: [] });
    const after = await new WebhookStore(t.db, next).settings(app);
    expect({ hookId: after.hookId, secret: after.secret }).toEqual({ hookId: before.hookId, secret: before.secret });
    await expect(store.settings(app)).rejects.toThrow();
    await new WebhookStore(t.db, next).reseal(next, secretBox(SERVER_KEY)); // back, for the tests after
  });
});
