import { describe, expect, it } from 'vitest';
import { neutralizeFormula, restoreFormula } from '@/lib/csv/write';
import { appIdsCell, readAppIdsCell, UNKNOWN_EXPIRY } from '@/lib/domain/token-list';
import { exportFileName, membersShape, usersShape } from '@/lib/exports/shapes';
import { ExportRequest } from '@/lib/validations/exports';

/** Export CSV's cells and names, as a spreadsheet and Import users read them. */
describe('Export CSV', () => {
  const jan1 = Date.UTC(2027, 0, 1) / 1000;

  it("a user's row: UTC times, App IDs with expiries (never a token), no uid when not known, the directory's columns only from it", () => {
    const user = {
      uid: 0,
      address: 'ann@example.org',
      name: 'Ann',
      active: false,
      flags: 0,
      created: jan1 + 30,
      tokens: [
        { appid: 'web', expires: jan1 },
        { appid: 'android', expires: 0 },
        { appid: 'ios', expires: UNKNOWN_EXPIRY },
        { appid: 'mac', expires: jan1 + 45 },
      ],
      learned: 'import' as const,
    };
    expect(usersShape(false).cells(user)).toEqual([
      'ann@example.org',
      'Ann',
      'false',
      '',
      '2027-01-01T00:00:30Z',
      'web:2027-01-01T00:00Z;android:never;ios;mac:2027-01-01T00:00:45Z',
    ]);
    expect(usersShape(true).columns).toEqual([
      'address',
      'name',
      'active',
      'uid',
      'created',
      'app_ids',
      'source',
      'unconfirmed',
    ]);
    expect(usersShape(true).cells(user).slice(6)).toEqual(['import', 'false']);
    // The cell reads back as it was.
    expect(readAppIdsCell(appIdsCell(user.tokens))).toEqual({ ids: user.tokens });
  });

  it("a member's row starts with what Import members reads", () => {
    const member = {
      uid: 7,
      address: 'ben',
      name: 'Ben',
      admin: false,
      permissions: { send: false, recv: true, pub: true, sub: true, list: true },
    };
    expect(membersShape.columns.slice(0, 3)).toEqual(['address', 'can_send', 'can_receive']);
    expect(membersShape.cells(member)).toEqual(['ben', 'false', 'true', 'Ben', '7', 'false']);
  });

  it('names the file by what, which app, where it was read and when, in UTC to the minute', () => {
    const at = new Date(Date.UTC(2026, 11, 6, 12, 0, 59));
    expect(exportFileName('users', 3, 'directory', at)).toBe('users-3-directory-20261206T1200Z.csv');
    expect(exportFileName('group-42-members', 1, 'live', at)).toBe('group-42-members-1-live-20261206T1200Z.csv');
  });

  it('neutralizes formulas so that reading back restores them exactly', () => {
    for (const cell of ['=SUM(A1)', '+15551234', '-1', '@x', '\tx', "'=x", "''+y", 'plain', "it's"]) {
      const written = neutralizeFormula(cell);
      expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
      expect(restoreFormula(written)).toBe(cell);
    }
  });

  it('refuses a bad request naming what is wrong', () => {
    const message = (q: Record<string, unknown>) => {
      const r = ExportRequest.safeParse(q);
      return r.success ? 'ok' : r.error.issues[0].message;
    };
    expect(message({ list: 'users', q: 'x'.repeat(129) })).toBe('q (the search) has at most 128 characters.');
    expect(message({ list: 'users', sort: 'age' })).toBe('sort must be one of -created, created, address, name.');
    expect(message({ list: 'users', active: 'maybe' })).toBe('active must be one of active, inactive.');
    expect(message({ list: 'groups', send: 'all' })).toBe('send must be one of members, selected, anyone.');
    expect(message({ list: 'members' })).toBe('gid must be a group id (a positive whole number).');
    expect(message({ list: 'members', gid: '-2' })).toBe('gid must be a group id (a positive whole number).');
    expect(message({ list: 'messages', gid: 'abc' })).toBe('gid must be a group id (digits only).');
    expect(message({ list: 'tokens' })).toBe('Export users, groups, members or messages.');
    expect(message({ list: 'messages', from: 'a', gid: '12' })).toBe('ok');
  });
});
