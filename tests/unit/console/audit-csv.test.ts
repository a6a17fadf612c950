import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AuditRow } from '@/lib/console/audit';
import { AUDIT_CSV_COLUMNS, auditCsv } from '@/lib/console/audit-csv';
import { neutralizeFormula } from '@/lib/csv/write';

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 1,
  ts: 1_796_000_000,
  operatorEmail: 'ann@example.com',
  role: 'admin',
  action: 'user.create',
  target: 'alice',
  outcome: 'ok',
  detail: '',
  requestId: 'r-1',
  repeats: 1,
  lastTs: 1_796_000_000,
  ...over,
});

describe('audit log CSV', () => {
  it('has a header row, ISO times, and survives commas, quotes and new lines in cells', () => {
    const csv = auditCsv(
      [
        row({
          target: 'gid 7 (Sales, "EU")',
          detail: 'line one\nline two',
          appId: 3,
          changes: {
            basis: 'directory',
            fields: [
              { field: 'active', from: true, to: false },
              { field: 'name', from: 'A', to: '=B' },
            ],
          },
        }),
      ],
      true,
    );
    const records: string[][] = parse(csv);
    expect(records[0]).toEqual(AUDIT_CSV_COLUMNS);
    expect(records[1]).toEqual([
      '2026-11-30T00:53:20.000Z',
      'ann@example.com',
      'admin',
      'user.create',
      'gid 7 (Sales, "EU")',
      'ok',
      'line one\nline two',
      `active: true → false; name: "A" → "=B" (before: as this console's directory knew it)`,
      'r-1',
      '3',
      '1',
      '2026-11-30T00:53:20.000Z',
    ]);
    expect(auditCsv([row({})], false).startsWith('2026-')).toBe(true); // later chunks carry no header
  });

  it('neutralizes cells a spreadsheet would run as a formula (CSV injection)', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])
      expect(neutralizeFormula(evil)).toBe(`'${evil}`);
    expect(neutralizeFormula('alice')).toBe('alice');
    const records: string[][] = parse(auditCsv([row({ target: '=cmd|calc' })], false));
    expect(records[0][4]).toBe("'=cmd|calc");
  });
});
