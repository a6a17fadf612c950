import { describe, expect, it } from 'vitest';
import { localText, relativeText, utcText } from '@/lib/format';

describe('times as the console shows them', () => {
  const now = 1_800_000_000;
  it('relative in the largest whole unit, both ways', () => {
    expect(relativeText(now - 3, now)).toBe('now');
    expect(relativeText(now - 180, now)).toBe('3 minutes ago');
    expect(relativeText(now + 2 * 3600, now)).toBe('in 2 hours');
    expect(relativeText(now - 86_400, now)).toBe('yesterday');
    expect(relativeText(now + 330 * 86_400, now)).toBe('in 11 months');
    expect(relativeText(now - 3 * 365 * 86_400, now)).toBe('3 years ago');
  });
  it('the exact local time names its zone', () => {
    expect(localText(now)).toMatch(/2027.*(UTC|GMT)/);
  });
  it('the server form is UTC, to the minute', () => {
    expect(utcText(1_800_000_000)).toBe('2027-01-15 08:00 UTC');
  });
});
