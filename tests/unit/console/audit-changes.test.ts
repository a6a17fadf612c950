import { describe, expect, it } from 'vitest';
import { changesText, changeText, fieldChanges, parseChanges } from '@/lib/domain/audit-changes';
import { FLAG, groupChanges } from '@/lib/domain/group-flags';
import { tokenChange } from '@/lib/domain/token-list';

/** What the audit log says a change changed, field by field. */
describe('audit changes', () => {
  it('lists only the named fields whose value differs, with the value before (null: not known)', () => {
    const before = { address: 'a', name: 'Ann', active: true, token: 'secret' };
    const after = { address: 'a', name: 'Ann B', active: false, token: 'other' };
    expect(fieldChanges(before, after, ['name', 'active'])).toEqual([
      { field: 'name', from: 'Ann', to: 'Ann B' },
      { field: 'active', from: true, to: false },
    ]);
    expect(fieldChanges(before, { ...before }, ['name', 'active'])).toEqual([]);
    expect(fieldChanges(undefined, after, ['active'])).toEqual([{ field: 'active', to: false }]);
    expect(fieldChanges<{ expires?: number }>({ expires: 5 }, {}, ['expires'])).toEqual([
      { field: 'expires', from: 5, to: null },
    ]);
  });

  it('reads as the issue writes it, and says when the before came from the directory', () => {
    expect(changeText({ field: 'active', from: true, to: false })).toBe('active: true → false');
    expect(changeText({ field: 'name', from: 'A', to: 'B' })).toBe('name: "A" → "B"');
    expect(changeText({ field: 'name', to: 'B' })).toBe('name: (not known) → "B"');
    expect(changeText({ field: 'appid', from: 'web', to: null })).toBe('appid: "web" → (none)');
    const fields = [{ field: 'active', from: true, to: false }];
    expect(changesText({ basis: 'backend', fields })).toBe('active: true → false');
    expect(changesText({ basis: 'directory', fields })).toBe(
      "active: true → false (before: as this console's directory knew it)",
    );
  });

  it('reads back what was stored, and nothing from text that is not a change', () => {
    const c = { basis: 'backend' as const, fields: [{ field: 'name', from: 'A', to: 'B' }] };
    expect(parseChanges(JSON.stringify(c))).toEqual(c);
    expect(parseChanges('')).toBeUndefined();
    expect(parseChanges('{"fields": 3}')).toBeUndefined();
    expect(parseChanges('not json')).toBeUndefined();
  });
});

describe('what a group save and a token say they changed', () => {
  it('a group: its name, and its settings by their choice names', () => {
    expect(
      groupChanges({ name: 'Crew', flags: 0 }, { name: 'Night crew', flags: FLAG.sendByAnyone | FLAG.roundRobin }),
    ).toEqual([
      { field: 'name', from: 'Crew', to: 'Night crew' },
      { field: 'send', from: 'members', to: 'anyone' },
      { field: 'delivery', from: 'every', to: 'one' },
    ]);
    expect(groupChanges({ name: 'Crew', flags: 0 }, { name: 'Crew', flags: 0 })).toEqual([]);
  });

  it('a token: the App ID and its expiry before and after, never the token', () => {
    const held = [{ appid: 'web', expires: 1_800_000_000 }];
    expect(changeText(tokenChange('web', held, { expires: 0 }))).toBe(
      'token web: "expires 2027-01-15T08:00Z" → "expires never"',
    );
    expect(changeText(tokenChange('ios', held, { expires: 0 }))).toBe('token ios: (none) → "expires never"');
    expect(changeText(tokenChange('web', held, undefined))).toBe('token web: "expires 2027-01-15T08:00Z" → (none)');
    expect(changeText(tokenChange('web', undefined, { expires: 0 }))).toBe('token web: (not known) → "expires never"');
  });
});
