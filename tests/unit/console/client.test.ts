import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActionError } from '@/lib/errors';
import { createClient } from '@/lib/mesibo/client';
import { MessageReply, UsersPage } from '@/lib/mesibo/contract';
import { OpError, UpstreamError } from '@/lib/mesibo/errors';
import { probeBackend } from '@/lib/mesibo/probe';
import { currentRequestId, withRequestId } from '@/lib/server/request-context';

/**
 * A fake mesibo backend on loopback whose answer each test chooses, to check how the
 * console's client maps every kind of reply and failure.
 */
const TOKEN = 'clienttest0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefg';
type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let behaviour: Behaviour = () => undefined;
const seen: { body: string; address: string }[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ body, address: req.socket.remoteAddress ?? '' });
      behaviour(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backend`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const LIMITS = { timeoutMs: 1000, maxReplyBytes: 64 * 1024 };
const client = (timeoutMs = 1000) =>
  createClient(
    { kind: 'remote', url, token: TOKEN },
    { timeoutMs, maxReplyBytes: 64 * 1024, requestId: currentRequestId },
  );
const reply =
  (status: number, body: string, type = 'application/json'): Behaviour =>
  (_q, res) => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

describe('the Backend API client', () => {
  it('sends the op with the app token and returns the validated reply', async () => {
    behaviour = reply(
      200,
      JSON.stringify({
        op: 'usersget',
        result: true,
        users: [{ uid: 1, address: 'a', name: 'A', active: true, flags: 0 }],
      }),
    );
    seen.length = 0;
    const page = await client()('usersget', { count: 5 }, UsersPage);
    expect(page.users[0].address).toBe('a');
    expect(JSON.parse(seen[0].body)).toEqual({ op: 'usersget', count: 5, token: TOKEN });
  });

  it('turns result:false into an OpError carrying the envelope', async () => {
    behaviour = reply(
      200,
      JSON.stringify({
        op: 'message',
        result: false,
        error: 'NOUSER',
        code: 404,
        cause: 'No user "x".',
        action: 'Create it.',
        properties: ['message.to'],
      }),
    );
    const e = await failure(client()('message', {}, MessageReply));
    expect(e).toBeInstanceOf(OpError);
    expect(e).toMatchObject({
      error: 'NOUSER',
      code: 404,
      cause: 'No user "x".',
      action: 'Create it.',
      properties: ['message.to'],
    });
    // Shown in the console's words (the backend's own text is the API's); the code is kept.
    const mapped = toActionError(e, 'r1', { input: { to: ['x', 'y'] }, fields: { 'message.to': 'to' } });
    expect(mapped).toMatchObject({
      code: 'not_found',
      message: 'Not users of this app: x.',
      fieldErrors: { to: ['Not users of this app: x.'] },
      backendError: 'NOUSER',
    });
    expect(mapped.action).toBeUndefined();
  });

  it('HTTP 500 with an HTML page, invalid JSON and a wrong shape become UpstreamErrors without upstream text', async () => {
    behaviour = reply(500, '<html><body>Internal Server Error at /secret/path</body></html>', 'text/html');
    const html = await failure(client()('usersget', {}, UsersPage));
    expect(html).toBeInstanceOf(UpstreamError);
    expect((html as UpstreamError).kind).toBe('http_status');
    expect((html as Error).message).not.toContain('secret');
    behaviour = reply(200, '{"op":"usersget","result":tru');
    expect(await failure(client()('usersget', {}, UsersPage))).toMatchObject({ kind: 'bad_response' });
    behaviour = reply(200, JSON.stringify({ op: 'usersget', result: true, users: 'nope' }));
    expect(await failure(client()('usersget', {}, UsersPage))).toMatchObject({ kind: 'bad_response' });
    const mapped = toActionError(html, 'r2');
    expect(mapped.code).toBe('upstream');
    expect(JSON.stringify(mapped)).not.toContain('secret');
    expect(JSON.stringify(mapped)).not.toContain(TOKEN);
  });

  it('calls made for one request carry its request id, so the id shown finds the log line', async () => {
    behaviour = reply(502, 'bad gateway', 'text/plain');
    const e = await withRequestId('request-7', () => failure(client()('usersget', {}, UsersPage)));
    expect(e).toMatchObject({ kind: 'http_status', requestId: 'request-7' });
    expect(toActionError(e, 'request-7').requestId).toBe('request-7');
  });

  it('a hang times out within its budget', async () => {
    behaviour = () => undefined; // never answers
    const started = Date.now();
    const e = await failure(client(300)('usersget', {}, UsersPage));
    expect(e).toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a dropped connection: reads are retried once, creations never', async () => {
    behaviour = (req) => req.socket.destroy();
    seen.length = 0;
    expect(await failure(client()('usersget', {}, UsersPage))).toMatchObject({ kind: 'unreachable' });
    expect(seen).toHaveLength(2);
    seen.length = 0;
    expect(await failure(client()('message', { message: { from: 'a', to: 'b' } }, MessageReply))).toMatchObject({
      kind: 'unreachable',
    });
    expect(seen).toHaveLength(1);
    seen.length = 0;
    expect(
      await failure(client()('useradd', { user: { address: 'a', token: { appid: 'w' } } }, MessageReply)),
    ).toBeInstanceOf(UpstreamError);
    expect(seen).toHaveLength(1);
  });

  it('fails fast after five upstream failures in a row', async () => {
    behaviour = reply(502, 'bad gateway', 'text/plain');
    const c = client();
    for (let i = 0; i < 5; i++) await failure(c('stats', {}, UsersPage));
    seen.length = 0;
    expect(await failure(c('stats', {}, UsersPage))).toMatchObject({ kind: 'circuit_open' });
    expect(seen).toHaveLength(0);
  });

  it('the fake saw one client address and only the app token it was given', () => {
    expect(new Set(seen.map((s) => s.address)).size).toBeLessThanOrEqual(1);
  });
});

describe('probing which ops a backend offers', () => {
  const envelopeFor = (body: string) => JSON.parse(body || '{}') as { op?: string; token?: string };
  it('a read op answered with BADOP is absent, whatever the cause says; a refusal of its arguments means present', async () => {
    const sent: string[] = [];
    behaviour = (_q, res, body) => {
      const { op = '' } = envelopeFor(body);
      sent.push(op);
      res.writeHead(op === 'usersget' ? 200 : 400, { 'Content-Type': 'application/json' });
      const answer =
        op === 'usersget'
          ? { op, result: true, users: [] }
          : op === 'groupsget'
            ? { op, result: false, error: 'BADVALUE', code: 400, cause: 'group is required', properties: ['group'] }
            : { op, result: false, error: 'BADOP', code: 400, cause: 'Anything at all', properties: ['op'] };
      res.end(JSON.stringify(answer));
    };
    const result = await probeBackend({ kind: 'remote', url, token: TOKEN }, LIMITS);
    expect(result).toMatchObject({
      reachable: true,
      offered: { usersget: true, groupsget: true, messagesget: false, stats: false },
    });
    // Only the optional reads were sent: nothing that changes data.
    expect(sent).toEqual(['usersget', 'groupsget', 'messagesget', 'stats']);
  });
  it('a refused token and an unreachable backend are said plainly', async () => {
    behaviour = reply(200, JSON.stringify({ op: 'usersget', result: false, error: 'AUTHFAIL', code: 401, cause: 'x' }));
    expect(await probeBackend({ kind: 'remote', url, token: TOKEN }, LIMITS)).toMatchObject({
      reachable: false,
      problem: 'The backend refused the app token.',
    });
    const closed = await probeBackend({ kind: 'remote', url: 'http://127.0.0.1:9/backend', token: TOKEN }, LIMITS);
    expect(closed).toMatchObject({ reachable: false, problem: 'The mesibo backend could not be reached.' });
  });
});
