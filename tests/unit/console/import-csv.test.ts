import { describe, expect, it } from 'vitest';
import { ImportFileError, type ParsedUserRow, readUsersCsv } from '@/lib/imports/users-csv';

/** Import users' file reader: what the operator's CSV says, row by row, and the faults that stop a file. */
async function read(text: string | Uint8Array, limits?: { maxBytes: number; maxRows: number }, chunk = 7) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  // Small chunks: a header, a quote or a character split across chunks must not matter.
  async function* body() {
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
  }
  const rows: ParsedUserRow[] = [];
  const header = await readUsersCsv(body(), async (batch) => void rows.push(...batch), limits, 3);
  return { header, rows };
}
const fault = async (text: string | Uint8Array, limits?: { maxBytes: number; maxRows: number }) => {
  const e = await read(text, limits).then(
    () => undefined,
    (err) => err,
  );
  expect(e).toBeInstanceOf(ImportFileError);
  return e as ImportFileError;
};

describe('reading an Import users file', () => {
  it('reads UTF-8 with a BOM, semicolons, quotes, and takes the address exactly as written', async () => {
    const { header, rows } = await read(
      '\uFEFFAddress;Name;Active;Phone\r\nmaya@example.org;"Maya; Rodríguez";yes;555\r\n" spaced@example.org";Sp;0;\r\n',
    );
    expect(header).toMatchObject({
      columns: ['address', 'name', 'active'],
      ignored: ['Phone'],
      delimiter: ';',
      rows: 2,
    });
    expect(rows[0]).toEqual({
      n: 1,
      line: 2,
      values: { address: 'maya@example.org', name: 'Maya; Rodríguez', active: true },
    });
    expect(rows[1].values).toEqual({ address: ' spaced@example.org', name: 'Sp', active: false });
    expect(rows[1].problem).toBeUndefined(); // the rule for new addresses is applied once new is known
  });

  it('names each bad row with its column and reason, and goes on', async () => {
    const long = 'x'.repeat(5000);
    const { rows } = await read(
      [
        'address,name,active,uid,app_ids',
        ',Nobody,,,',
        'a@example.org,,maybe,,',
        'b@example.org,,,,web; ios',
        `c@example.org,${long},,,`,
        'd@example.org,,,-3,',
        'e@example.org,,,,,extra',
        `f@example.org,${'n'.repeat(129)},,,`,
        'g@example.org,"Two\nLines",TRUE,42,web;com.example.app',
        'h@example.org',
      ].join('\n'),
    );
    const problems = rows.map((r) =>
      r.problem ? `${r.line} ${r.problem.column}: ${r.problem.reason}` : `${r.line} ok`,
    );
    expect(problems).toEqual([
      '2 address: The address is empty.',
      '3 active: "maybe" is not true/false, 1/0 or yes/no.',
      '4 app_ids: " ios": An App ID cannot start or end with a space.',
      '5 row: The row is longer than 4,096 characters.',
      '6 uid: "-3" is not a uid (a positive whole number).',
      '7 row: The row has 6 values; the header names 5 columns.',
      '8 name: A name has at most 128 characters.',
      '9 ok',
      '11 ok',
    ]);
    expect(rows[7].values).toEqual({
      address: 'g@example.org',
      name: 'Two\nLines',
      active: true,
      uid: 42,
      appIds: [
        { appid: 'web', expires: -1 },
        { appid: 'com.example.app', expires: -1 },
      ],
    });
  });

  it('reads App IDs with their expiries as Export CSV writes them, and cells the export neutralized', async () => {
    const { rows } = await read(
      [
        'address,name,app_ids',
        "'+15551234,'=SUM(A1),web:2027-01-01T00:00Z;android:never;ios:2027-01-01T00:00:30Z;web:never",
        'b@example.org,,ios:2027-02-30T00:00Z',
        "c@example.org,''=x,plain",
      ].join('\n'),
    );
    expect(rows[0].problem).toBeUndefined();
    expect(rows[0].values).toEqual({
      address: '+15551234',
      name: '=SUM(A1)',
      appIds: [
        { appid: 'web', expires: Date.UTC(2027, 0, 1) / 1000 },
        { appid: 'android', expires: 0 },
        { appid: 'ios', expires: Date.UTC(2027, 0, 1, 0, 0, 30) / 1000 },
      ],
    });
    expect(rows[1].problem).toEqual({
      column: 'app_ids',
      reason: '"ios:2027-02-30T00:00Z": 2027-02-30T00:00Z is not a date and time.',
    });
    // Only the apostrophe the export added is taken off.
    expect(rows[2].values).toMatchObject({ name: "'=x", appIds: [{ appid: 'plain', expires: -1 }] });
  });

  it('stops a file that is not one: empty, no address column, a broken quote, binary, not UTF-8, over the limits', async () => {
    expect((await fault('')).message).toBe('The file is empty.');
    expect((await fault('\uFEFF\n\n')).message).toBe('The file is empty.');
    expect((await fault('email,name\nmaya@example.org,Maya\n')).message).toMatch(
      /^Line 1: The header has no "address" column \(it has: "email", "name"\)/,
    );
    expect((await fault('address,address\nx,y\n')).message).toMatch(/names the column "address" twice/);
    expect((await fault('address,name\na@x.org,ok\nb@x.org,"never closed\nc@x.org,z\n')).message).toMatch(
      /^Line \d: A quoted value is never closed/,
    );
    expect((await fault(new Uint8Array([0x61, 0x64, 0x0a, 0x00, 0x01, 0x02]))).message).toMatch(
      /^Line 2: This is not a CSV text file/,
    );
    expect(
      (await fault(new Uint8Array([...new TextEncoder().encode('address\nok\n'), 0xff, 0xfe, 0x41]))).message,
    ).toMatch(/^Line 3: The file is not UTF-8 text/);
    expect((await fault('address\na\nb\nc\nd\n', { maxBytes: 1000, maxRows: 3 })).message).toBe(
      'Line 5: The file has more than 3 rows.',
    );
    expect((await fault(`address\n${'a@example.org\n'.repeat(100)}`, { maxBytes: 500, maxRows: 1000 })).message).toBe(
      'The file is larger than 1 KB.',
    );
  });
});
