import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '@/lib/backend/http';
import { expectFailure, snapshot, type TestEngine, testEngine } from '../../helpers/engine';

/** Engine-side fixes of the security review (issue 7), each pinned by the behaviour it changed. */
let t: TestEngine;
beforeAll(async () => {
  t = await testEngine({ breachMaxAddresses: 5 });
});
afterAll(async () => t.close());

let seq = 0;
const fresh = (name: string) => `sec${++seq}-${name}`;

describe('identifiers: a new address cannot pass for another', () => {
  it('refuses leading or trailing whitespace, *, and invisible characters in a new address, naming the field', async () => {
    for (const address of [
      ' alice',
      'alice ',
      '\u00a0alice',
      'dup*',
      '*',
      'al\u200bice',
      'ali\u202ece',
      'a\u00adlice',
      '\u2066x',
      'a\u0085b',
      'a\u2028b',
      // Letters and marks that display as blanks (second review).
      '\u115falice',
      'a\u1160b',
      'alice\u3164',
      'a\uffa0b',
      'a\u2800b',
      'a\u034fb',
    ]) {
      const before = await snapshot(t.db);
      const r = expectFailure(await t.call({ op: 'useradd', user: { address } }), 'BADVALUE', ['user.address']);
      expect(r.cause).toMatch(/^user\.address must not/);
      expect(await snapshot(t.db)).toBe(before);
    }
  });

  it('users created before the rule stay reachable, exactly as sent, and never as another user', async () => {
    // Rows as an earlier version stored them: " alice", "alice " and "alice" are three users.
    const base = fresh('alice');
    for (const address of [` ${base}`, `${base} `, base, `${base}*`])
      await t.db.run('INSERT INTO users (app_id, address, name, active, flags, ts) VALUES (?, ?, ?, 1, 0, 0)', [
        t.appId,
        address,
        JSON.stringify(address),
      ]);
    // userset on " alice" changes " alice" only.
    const set = await t.call({ op: 'userset', user: { address: ` ${base}`, active: false } });
    expect(set.user).toMatchObject({ address: ` ${base}`, active: false });
    const plain = await t.call({ op: 'usersget', user: { address: base } });
    expect(plain.users).toHaveLength(1);
    expect(plain.users[0]).toMatchObject({ address: base, active: true });
    // A token for "alice " is issued to "alice ".
    const token = await t.call({ op: 'usertoken', user: { address: `${base} `, token: { appid: 'web' } } });
    expect(token.user.address).toBe(`${base} `);
    expect((await t.engine.validateAccessToken(t.appId, token.user.token))?.address).toBe(`${base} `);
    // useradd may still update an existing user whose address breaks the new rules.
    expect((await t.call({ op: 'useradd', user: { address: `${base}*`, name: 'kept' } })).user.name).toBe('kept');
  });

  it('usersget with exact: true matches the address literally, * included', async () => {
    const base = fresh('dup');
    for (const address of [base, `${base}x`, `${base}*`])
      await t.db.run('INSERT INTO users (app_id, address, name, active, flags, ts) VALUES (?, ?, ?, 1, 0, 0)', [
        t.appId,
        address,
        '',
      ]);
    const asPattern = await t.call({ op: 'usersget', user: { address: `${base}*` } });
    expect(asPattern.users.map((u: { address: string }) => u.address).sort()).toEqual([base, `${base}*`, `${base}x`]);
    const exact = await t.call({ op: 'usersget', user: { address: `${base}*`, exact: true } });
    expect(exact.users.map((u: { address: string }) => u.address)).toEqual([`${base}*`]);
    expect((await t.call({ op: 'usersget', user: { address: `${base}?`, exact: 1 } })).users).toEqual([]);
  });

  it('items of comma-separated lists are trimmed, as before', async () => {
    const a = fresh('m1');
    const b = fresh('m2');
    for (const address of [a, b]) await t.call({ op: 'useradd', user: { address } });
    const g = await t.call({ op: 'groupadd', group: { name: 'g', members: { m: ` ${a} , ${b}` } } });
    expect(g.group.members).toBe(2);
  });
});

describe('one-time passwords', () => {
  it('are stored as a keyed hash: the plain SHA-256 of the code is not in the database', async () => {
    const address = fresh('otp');
    const o = await t.call({ op: 'otp', otp: { address } });
    const row = await t.db.get<{ code_hash: string }>('SELECT code_hash FROM otps WHERE address = ?', [address]);
    const plain = createHash('sha256').update(o.otp.code).digest('base64url');
    expect(row?.code_hash).toBeTruthy();
    expect(row?.code_hash).not.toBe(plain);
    // Nor any code's plain hash: inverting the stored value takes the key.
    const table = new Set(
      Array.from({ length: 1000 }, (_, i) =>
        createHash('sha256').update(String(i).padStart(6, '0')).digest('base64url'),
      ),
    );
    expect(table.has(row?.code_hash ?? '')).toBe(false);
    // And the right code still works.
    expect((await t.call({ op: 'useradd', user: { address, otp: o.otp.code } })).result).toBe(true);
  });

  it('parallel wrong guesses never compare more codes than the OTP allows tries', async () => {
    const address = fresh('otp-race');
    const o = await t.call({ op: 'otp', otp: { address, tries: 3 } });
    const codes = Array.from({ length: 30 }, (_, i) =>
      String((Number(o.otp.code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );
    const guesses = await Promise.all(codes.map((otp) => t.call({ op: 'useradd', user: { address, otp } })));
    expect(guesses.every((g) => g.error === 'BADVALUE')).toBe(true);
    const row = await t.db.get<{ tries: number }>('SELECT tries FROM otps WHERE address = ?', [address]);
    expect(Number(row?.tries)).toBe(0);
    // Out of tries: even the right code is refused now.
    expectFailure(await t.call({ op: 'useradd', user: { address, otp: o.otp.code } }), 'BADVALUE', ['user.otp']);
  });

  it('a reusable code keeps its tries when used rightly', async () => {
    const address = fresh('otp-reuse');
    const o = await t.call({ op: 'otp', otp: { address, tries: 2, reuse: true } });
    for (let i = 0; i < 4; i++)
      expect((await t.call({ op: 'useradd', user: { address, otp: o.otp.code } })).result).toBe(true);
  });
});

describe('ranges and depth', () => {
  it('message.when is bounded so a stored delivery time stays an exact integer', async () => {
    const from = fresh('sender');
    await t.call({ op: 'useradd', user: { address: from } });
    for (const when of [Number.MAX_SAFE_INTEGER, 2 ** 40, 10 * 366 * 86_400 + 1])
      expectFailure(await t.call({ op: 'message', message: { from, to: from, message: 'x', when } }), 'BADVALUE', [
        'message.when',
      ]);
    const ok = await t.call({ op: 'message', message: { from, to: from, message: 'later', when: 3600 } });
    expect(ok.result).toBe(true);
  });

  it('a body nested deeper than 32 levels is refused before parsing (BADREQUEST), one within is read', () => {
    const deep = `{"op":"useradd","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(() => parseRequest('', Buffer.from(deep), 'application/json')).toThrow(/more than 32 levels deep/);
    // Brackets inside strings are text, not nesting.
    const text = JSON.stringify({ op: 'message', message: { message: '['.repeat(5000) } });
    expect(parseRequest('', Buffer.from(text), 'application/json').op).toBe('message');
    const ok = `{"op":"x","a":${'{"b":'.repeat(30)}1${'}'.repeat(30)}}`;
    expect(parseRequest('', Buffer.from(ok), 'application/json').op).toBe('x');
  });
});

describe('token breach across processes', () => {
  it('an app enabled again from another process counts every address again', async () => {
    const { app, token } = await t.engine.apps.create(fresh('breach'));
    const from = (address: string) =>
      t.engine.call({ token, op: 'stats' }, { clientAddress: address }).then((r) => r.body as Record<string, any>);
    for (const a of ['10.9.0.1', '10.9.0.2', '10.9.0.3']) expect((await from(a)).result).toBe(true);
    // Another process (the command line, another instance) disables and enables the app:
    // that forgets its addresses in the database.
    const other = await t.openSecond();
    await other.apps.setEnabled(app.id, false);
    await other.apps.setEnabled(app.id, true);
    await new Promise((r) => setTimeout(r, 1100)); // app lookups are cached for a second
    // This process must count the three known addresses again: six in all breaches.
    for (const a of ['10.9.0.1', '10.9.0.2', '10.9.0.3', '10.9.0.4', '10.9.0.5'])
      expect((await from(a)).result).toBe(true);
    expectFailure(await from('10.9.0.6'), 'TOKENBREACH');
    await other.db.close();
  });
});
