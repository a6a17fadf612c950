import { describe, expect, it } from 'vitest';
import { knownZone, localText, relativeText, utcText, zonedText } from '@/lib/format';

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

describe("times in the operator's time zone", () => {
  it('renders the same text for server and browser in the zone the browser said, UTC before', () => {
    const ts = Date.UTC(2026, 11, 7, 6, 3) / 1000;
    expect(zonedText(ts, 'Asia/Kolkata')).toBe('Dec 7, 2026, 11:33 GMT+5:30');
    expect(zonedText(ts, 'America/New_York')).toBe('Dec 7, 2026, 01:03 EST');
    expect(zonedText(ts, 'UTC')).toBe('2026-12-07 06:03 UTC');
  });

  it('trusts no cookie: an unknown or overlong zone is UTC', () => {
    expect(knownZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(knownZone('Mars/Olympus')).toBe('UTC');
    expect(knownZone('x'.repeat(100))).toBe('UTC');
    expect(knownZone(undefined)).toBe('UTC');
  });
});
