import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkAddMessages } from '@/lib/backend/seed-loader';
import { expectFailure, type TestEngine, testEngine } from '../../helpers/engine';

/**
 * messagesget's since and until (our extension): the log of a time range, newest first, found
 * through a window of mids (lib/db/time-window.ts) even where the instances' clocks disagreed by
 * a few seconds. Its own engine: the log here is only this file's messages, in time order.
 */
let t: TestEngine;
let gid: number;
const BASE = 1_800_000_000;
type Logged = { mid: number; from: string; to?: string; gid: number; ts: number };
const logged: Logged[] = [];

beforeAll(async () => {
  t = await testEngine();
  for (const n of ['ann', 'ben', 'cat']) await t.call({ op: 'useradd', user: { address: n } });
  gid = (await t.call({ op: 'groupadd', group: { name: 'crew', members: { m: ['ann', 'ben', 'cat'] } } })).group.gid;
  // 300 messages ten minutes apart; every seventh written on a clock 45 s behind the one before.
  const people = ['ann', 'ben', 'cat'];
  const messages = Array.from({ length: 300 }, (_, i) => {
    const from = people[i % 3];
    const toGroup = i % 5 === 0;
    return {
      from,
      ...(toGroup ? { gid } : { to: people[(i + 1) % 3] }),
      recipients: toGroup ? 2 : 1,
      text: `m${i}`,
      ts: BASE + i * 600 - (i % 7 === 0 ? 645 : 0),
    };
  });
  await bulkAddMessages(t.db, t.appId, messages);
  let cursor: string | undefined;
  do {
    const page = await t.call({ op: 'messagesget', count: 100, ...(cursor ? { cursor } : {}) });
    for (const m of page.messages) logged.push({ mid: m.mid, from: m.from, to: m.to[0], gid: m.gid, ts: m.ts });
    cursor = page.next;
  } while (cursor);
});
afterAll(async () => t.close());

/** Every page of messagesget for `message`, 7 at a time: the mids, newest first. */
async function mids(message: Record<string, unknown>) {
  const out: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.call({ op: 'messagesget', message, count: 7, ...(cursor ? { cursor } : {}) });
    expect(page.result).toBe(true);
    out.push(...page.messages.map((m: { mid: number }) => m.mid));
    cursor = page.next;
  } while (cursor);
  return out;
}
const expected = (keep: (m: Logged) => boolean) =>
  logged
    .filter(keep)
    .map((m) => m.mid)
    .sort((a, b) => b - a);
const within = (since?: number, until?: number) => (m: Logged) =>
  (since === undefined || m.ts >= since) && (until === undefined || m.ts < until);

describe('messagesget since and until', () => {
  it('lists exactly the messages sent in the range, newest first, page after page', async () => {
    expect(logged).toHaveLength(300);
    for (const [since, until] of [
      [BASE + 3 * 3600, BASE + 20 * 3600],
      [BASE + 600 * 7 - 645, BASE + 600 * 14 - 645], // ends on skewed messages: since included, until not
      [BASE + 600 * 10, BASE + 600 * 10 + 1], // one message
      // Starts after a message written later on a slower clock (m7), ends after another (m14),
      // each outside the range where a mid one past it is in: found through the clocks' slack.
      [BASE + 600 * 6 - 10, BASE + 600 * 14 - 640],
      [BASE + 10 * 3600, undefined],
      [undefined, BASE + 10 * 3600],
    ] as const) {
      const want = expected(within(since, until));
      expect(want.length).toBeGreaterThan(0);
      expect(await mids({ since, until })).toEqual(want);
    }
  });

  it('an empty range, before the log or after it, lists nothing', async () => {
    expect(await mids({ since: BASE - 86_400 * 10, until: BASE - 86_400 * 9 })).toEqual([]);
    expect(await mids({ since: BASE + 86_400 * 30 })).toEqual([]);
    expect(await mids({ since: BASE + 600 * 50 + 1, until: BASE + 600 * 51 })).toEqual([]);
  });

  it('goes with every other filter: from, to, a conversation, a group', async () => {
    const [since, until] = [BASE + 5 * 3600, BASE + 30 * 3600];
    const inRange = within(since, until);
    expect(await mids({ from: 'ann', since, until })).toEqual(expected((m) => inRange(m) && m.from === 'ann'));
    expect(await mids({ to: 'BEN', since, until })).toEqual(expected((m) => inRange(m) && m.to === 'ben'));
    expect(await mids({ with: 'cat', since, until })).toEqual(
      expected((m) => inRange(m) && (m.from === 'cat' || m.to === 'cat')),
    );
    expect(await mids({ gid, since, until })).toEqual(expected((m) => inRange(m) && m.gid === gid));
  });

  it('BADVALUE naming the field: an until not after since, a time that is not a number', async () => {
    expectFailure(await t.call({ op: 'messagesget', message: { since: BASE, until: BASE } }), 'BADVALUE', [
      'message.until',
    ]);
    expectFailure(await t.call({ op: 'messagesget', message: { since: 'yesterday' } }), 'BADVALUE', ['message.since']);
    expectFailure(await t.call({ op: 'messagesget', message: { until: -5 } }), 'BADVALUE', ['message.until']);
  });

  it('stats names the extension', async () => {
    expect((await t.call({ op: 'stats' })).extensions).toContain('messagesget.range');
  });
});
