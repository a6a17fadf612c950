import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '@/lib/console/operators';
import { sessionIsLive, startSession } from '@/lib/console/sessions';
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

const live = (sid: string, now: number, touch = true, who = operatorId) =>
  sessionIsLive(t.db, { sid, operatorId: who }, 600, { touch, now });

describe('console sessions (idle timeout by session id)', () => {
  it('a session used within the idle time lives on; one left idle longer is over for good', async () => {
    await startSession(t.db, { sid: 'session-a', operatorId }, 1_000_000);
    expect(await live('session-a', 1_000_500)).toBe(true); // 500 s later: still fine, and touched
    expect(await live('session-a', 1_001_000)).toBe(true); // 500 s after the last use
    expect(await live('session-a', 1_001_700)).toBe(false); // 700 s idle
    expect(await live('session-a', 1_001_701)).toBe(false); // and stays over
  });

  it('a check without touch does not count as use (a re-issue keeps no session alive)', async () => {
    await startSession(t.db, { sid: 'session-c', operatorId }, 3_000_000);
    expect(await live('session-c', 3_000_500, false)).toBe(true);
    expect(await live('session-c', 3_000_700, false)).toBe(false); // idle since 3_000_000
  });

  it('an unknown session id is no session (a token never signed in here, or pruned)', async () => {
    expect(await live('never-started', 4_000_000)).toBe(false);
  });

  it('a session id cannot be used by another operator', async () => {
    await startSession(t.db, { sid: 'session-b', operatorId }, 2_000_000);
    expect(await live('session-b', 2_000_010, true, operatorId + 1)).toBe(false);
    expect(await live('session-b', 2_000_010)).toBe(true);
  });
});
