import { describe, expect, inject, it } from 'vitest';
import { ERROR_STATUS } from '@/lib/backend/errors';
import { hostileRequests } from '../helpers/hostile';
import { postJson, request } from '../helpers/http';

const base = inject('baseUrl');
const token = inject('appToken');
const backend = `${base}/backend`;

/** Everything the app holds, read through the API, to prove nothing changed. */
async function appState() {
  const read = async (op: string, extra: Record<string, unknown> = {}) => {
    const rows: unknown[] = [];
    let cursor: string | undefined;
    do {
      const r = (await postJson(backend, { op, token, count: 100, cursor, ...extra })).json;
      rows.push(...(r.users ?? r.groups ?? r.messages));
      cursor = r.next;
    } while (cursor);
    return rows;
  };
  const stats = (await postJson(backend, { op: 'stats', token })).json.stats;
  return JSON.stringify({
    users: stats.users,
    groups: stats.groups,
    messages: stats.messages,
    userRows: await read('usersget'),
    groupRows: await read('groupsget'),
    messageRows: await read('messagesget'),
  });
}

describe('hostile and malformed requests', () => {
  it('10,000 generated bodies: every answer a well-formed envelope, never a 500, nothing changed', async () => {
    // Some data for the requests to aim at.
    await postJson(backend, { op: 'useradd', token, user: { address: 'fuzz-target', token: { appid: 'web' } } });
    await postJson(backend, { op: 'groupadd', token, group: { name: 'fuzz-group', members: { m: 'fuzz-target' } } });
    const before = await appState();
    const requests = hostileRequests(10_000, token, 20261125);
    const seen: Record<string, number> = {};
    const queue = [...requests.entries()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [i, h] = next;
        const r = await request(backend, { body: h.body, headers: { 'Content-Type': h.contentType } });
        const where = `request ${i} (${h.kind}): ${h.body.slice(0, 200)}`;
        expect(r.status, where).not.toBe(500);
        expect([200, 400, 413], where).toContain(r.status);
        expect(r.json, where).toBeTypeOf('object');
        expect(typeof r.json.op, where).toBe('string');
        expect(r.json.result, where).toBe(false);
        expect(Object.keys(ERROR_STATUS), where).toContain(r.json.error);
        expect(r.json.error, where).not.toBe('INTERNAL');
        expect(r.json.code, where).toBe(ERROR_STATUS[r.json.error as keyof typeof ERROR_STATUS]);
        expect(typeof r.json.cause, where).toBe('string');
        expect(typeof r.json.action, where).toBe('string');
        expect(Array.isArray(r.json.properties), where).toBe(true);
        if (h.kind === 'body') expect(r.json.error, where).toBe('BADREQUEST');
        if (h.kind === 'token') expect(r.json.error, where).toBe('AUTHFAIL');
        seen[r.json.error] = (seen[r.json.error] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(Object.values(seen).reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(seen.BADVALUE).toBeGreaterThan(1000);
    expect(await appState()).toBe(before);
  });
});
