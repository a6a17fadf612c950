import { describe, expect, it } from 'vitest';
import { jobEndText } from '@/lib/jobs/end-text';
import type { ResultRow } from '@/lib/jobs/store';

/** Issue 26: a job's end says exactly how many rows did what, and names the first that did not. */
const row = (n: number, key: string, outcome: ResultRow['outcome'], problem = ''): ResultRow => ({
  n,
  line: n + 1,
  key,
  outcome,
  message: '',
  problem,
});
const job = { state: 'done' as const, total: 5, ok: 3, skipped: 0, failed: 0, unconfirmed: 0, message: '' };

describe("a job's end in the audit log", () => {
  it('says how many of how many, and which did not go as asked, by why', () => {
    expect(
      jobEndText({ ...job, unconfirmed: 2 }, 'added', [row(2, 'ann@x', 'unconfirmed'), row(4, 'ben@x', 'unconfirmed')]),
    ).toBe('Done: 3 of 5 added; 2 unknown (no answer): ann@x, ben@x.');
    expect(
      jobEndText({ ...job, ok: 2, skipped: 1, failed: 2 }, 'imported', [
        row(1, '', 'skipped', 'address'),
        row(3, 'cat@x', 'failed'),
        row(5, 'dan@x', 'failed'),
      ]),
    ).toBe('Done: 2 of 5 imported; 1 skipped: row 1; 2 failed: cat@x, dan@x.');
    expect(jobEndText({ ...job, ok: 5 }, 'added', [])).toBe('Done: 5 of 5 added.');
  });

  it('names the first five, counts the rest, and says what was never run', () => {
    const failed = Array.from({ length: 7 }, (_, i) => row(i + 1, `u${i}@x`, 'failed'));
    expect(
      jobEndText(
        { ...job, state: 'cancelled', total: 1000, ok: 10, failed: 7, message: 'Cancelled by ann' },
        'added',
        failed,
      ),
    ).toBe(
      'Cancelled: 10 of 1,000 added; 7 failed: u0@x, u1@x, u2@x, u3@x, u4@x and 2 more; 983 not run. Cancelled by ann',
    );
  });
});
