import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from '@/lib/console/operators';
import { touchSession } from '@/lib/console/sessions';
import { type TestEngine, testEngine } from '../../helpers/engine';

let t: TestEngine;
let operatorId: number;
beforeAll(async () => {
  t = await testEngine();
  operatorId = (
    await createOperator(t.db, { email: 'idle@example.com', role: 'viewer', password: 'idle-password-123' })
  ).id;
});
afterAll(async () => t.close());

describe('console session idle timeout', () => {
  it('a session used within the idle time lives on; one left idle longer is over for good', async () => {
    const s = { jti: 'session-a', operatorId };
    expect(await touchSession(t.db, s, 600, 1_000_000)).toBe(true);
    expect(await touchSession(t.db, s, 600, 1_000_500)).toBe(true); // 500 s later: still fine, and touched
    expect(await touchSession(t.db, s, 600, 1_001_000)).toBe(true); // 500 s after the last use
    expect(await touchSession(t.db, s, 600, 1_001_700)).toBe(false); // 700 s idle
    expect(await touchSession(t.db, s, 600, 1_001_701)).toBe(false); // and stays over
  });
  it('a session id cannot be reused by another operator', async () => {
    expect(await touchSession(t.db, { jti: 'session-b', operatorId }, 600, 2_000_000)).toBe(true);
    expect(await touchSession(t.db, { jti: 'session-b', operatorId: operatorId + 1 }, 600, 2_000_010)).toBe(false);
  });
});
