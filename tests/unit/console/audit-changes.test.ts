import { describe, expect, it } from 'vitest';
import { changesText, changeText, fieldChanges, parseChanges } from '@/lib/domain/audit-changes';

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
    expect(fieldChanges(undefined, after, ['active'])).toEqual([{ field: 'active', from: null, to: false }]);
  });

  it('reads as the issue writes it, and says when the before came from the directory', () => {
    expect(changeText({ field: 'active', from: true, to: false })).toBe('active: true → false');
    expect(changeText({ field: 'name', from: 'A', to: 'B' })).toBe('name: "A" → "B"');
    expect(changeText({ field: 'name', from: null, to: 'B' })).toBe('name: (not known) → "B"');
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
