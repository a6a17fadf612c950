import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '@/lib/console/operators';
import {
  completeSession,
  endOtherSessions,
  endSession,
  listSessions,
  liveSession,
  type SessionStage,
  SIGN_IN_STEP_SECONDS,
  startSession,
} from '@/lib/console/sessions';
import { type TestEngine, testEngine } from '../../../helpers/engine';

let t: TestEngine;
let operatorId: number;
beforeAll(async () => {
  t = await testEngine();
  operatorId = (
    await createOperator(t.db, { email: 'idle@example.com', role: 'viewer', password: 'idle-password-123' })
  ).id;
});
afterAll(async () => t.close());

const start = (sid: string, at: number, stage: SessionStage = 'full', who = operatorId) =>
  startSession(
    t.db,
    { sid, operatorId: who },
    { stage, version: 1, clientAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 Firefox/133.0' },
    at,
  );
const live = async (sid: string, now: number, touch = true, who = operatorId) =>
  (await liveSession(t.db, { sid, operatorId: who }, 600, { touch, now })) !== undefined;

describe('console sessions (idle timeout by session id)', () => {
  it('a session used within the idle time lives on; one left idle longer is over for good', async () => {
    await start('session-a', 1_000_000);
    expect(await live('session-a', 1_000_500)).toBe(true); // 500 s later: still fine, and touched
    expect(await live('session-a', 1_001_000)).toBe(true); // 500 s after the last use
    expect(await live('session-a', 1_001_700)).toBe(false); // 700 s idle
    expect(await live('session-a', 1_001_701)).toBe(false); // and stays over
  });

  it('a check without touch does not count as use (a re-issue keeps no session alive)', async () => {
    await start('session-c', 3_000_000);
    expect(await live('session-c', 3_000_500, false)).toBe(true);
    expect(await live('session-c', 3_000_700, false)).toBe(false); // idle since 3_000_000
  });

  it('an unknown session id is no session (a token never signed in here, or pruned)', async () => {
    expect(await live('never-started', 4_000_000)).toBe(false);
  });

  it('a session id cannot be used by another operator', async () => {
    await start('session-b', 2_000_000);
    expect(await live('session-b', 2_000_010, true, operatorId + 1)).toBe(false);
    expect(await live('session-b', 2_000_010)).toBe(true);
  });
});

describe('the second step of a sign-in, and ending sessions', () => {
  it('a session waiting for its code is at stage code, becomes whole once, and times out unfinished', async () => {
    const now = Math.floor(Date.now() / 1000);
    await start('waiting', now, 'code');
    expect(await liveSession(t.db, { sid: 'waiting', operatorId }, 600, { touch: false })).toBe('code');
    expect(await completeSession(t.db, { sid: 'waiting', operatorId })).toBe(true);
    expect(await completeSession(t.db, { sid: 'waiting', operatorId })).toBe(false);
    expect(await liveSession(t.db, { sid: 'waiting', operatorId }, 600, { touch: false })).toBe('full');

    await start('too-slow', now - SIGN_IN_STEP_SECONDS - 5, 'code');
    expect(await liveSession(t.db, { sid: 'too-slow', operatorId }, 3600, { touch: false })).toBeUndefined();
  });

  it('lists the open sessions newest use first; ending one, then every other, leaves only this one', async () => {
    const other = (
      await createOperator(t.db, { email: 'many@example.com', role: 'viewer', password: 'many-password-123' })
    ).id;
    const now = Math.floor(Date.now() / 1000);
    await start('m-1', now - 300, 'full', other);
    await start('m-2', now - 200, 'full', other);
    await start('m-3', now - 100, 'full', other);
    await start('m-old', now - 5000, 'full', other); // idle past 600 s: not listed
    const limits = { idleSeconds: 600, maxAgeSeconds: 86_400 };
    const listed = await listSessions(t.db, other, limits);
    expect(listed.map((s) => s.sid)).toEqual(['m-3', 'm-2', 'm-1']);
    expect(listed[0]).toMatchObject({ clientAddress: '203.0.113.7', stage: 'full' });

    expect(await endSession(t.db, { sid: 'm-2', operatorId: other })).toBe(true);
    expect(await endSession(t.db, { sid: 'm-2', operatorId: other })).toBe(false);
    expect(await endSession(t.db, { sid: 'm-1', operatorId })).toBe(false); // not that operator's
    expect(await live('m-2', now, false, other)).toBe(false);

    expect(await endOtherSessions(t.db, other, 'm-3')).toBe(2); // m-1 and the idle one
    expect((await listSessions(t.db, other, limits)).map((s) => s.sid)).toEqual(['m-3']);
  });
});
