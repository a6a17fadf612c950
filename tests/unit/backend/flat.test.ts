import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatToJson, mergeRequests } from '@/lib/backend/flat';
import { parseRequest } from '@/lib/backend/http';
import { APP_TOKEN, type TestEngine, testEngine } from '../../helpers/engine';
import { phpFlatQuery } from '../../helpers/php-flat';

let t: TestEngine;
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => t.close());

const viaQuery = async (query: string) =>
  (await t.engine.call(parseRequest(query, Buffer.alloc(0), undefined))).body as any;
const viaPhp = (req: Record<string, unknown>) => viaQuery(phpFlatQuery({ ...req, token: APP_TOKEN }));

describe('flat parameters', () => {
  it('maps legacy api.php names onto the JSON request', () => {
    expect(
      flatToJson(
        Object.entries({ op: 'useradd', addr: 'a', flag: '3', active: '0', appid: 'x', expiry: '60' }),
        'useradd',
      ),
    ).toEqual({
      op: 'useradd',
      user: { address: 'a', flags: 3, active: false, token: { appid: 'x', expiry: 60 } },
    });
    expect(
      flatToJson(Object.entries({ gid: '5', m: 'a,b', delete: '1', cs: '0', cr: '1' }), 'groupeditmembers'),
    ).toEqual({
      group: { gid: 5, delete: true, members: { m: 'a,b', permissions: { send: false, recv: true } } },
    });
    expect(flatToJson(Object.entries({ from: 'a', to: 'b', msg: 'hi there' }), 'message')).toEqual({
      message: { from: 'a', to: 'b', message: 'hi there' },
    });
    expect(flatToJson(Object.entries({ expiry: '100' }), 'groupadd')).toEqual({ group: { expiry: 100 } });
  });

  it('treats empty values as absent, keeps unconvertible values for validation to reject', () => {
    expect(flatToJson(Object.entries({ flags: '', gid: '', to: 'b' }), 'message')).toEqual({ message: { to: 'b' } });
    expect(flatToJson(Object.entries({ count: 'ten' }), 'usersget')).toEqual({ count: 'ten' });
  });

  it('accepts PHP bracket names and refuses prototype keys', () => {
    expect(
      flatToJson(
        [
          ['user[address]', 'x'],
          ['user[token][expiry]', '5'],
        ],
        'useradd',
      ),
    ).toEqual({
      user: { address: 'x', token: { expiry: 5 } },
    });
    const polluted = flatToJson(
      [
        ['__proto__[admin]', '1'],
        ['user[__proto__][x]', '1'],
      ],
      'useradd',
    );
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
  });

  it('merges query and body with the body winning, without prototype pollution', () => {
    const merged = mergeRequests(
      { op: 'x', user: { address: 'q', name: 'n' } },
      JSON.parse('{"user":{"address":"b"},"__proto__":{"p":1}}'),
    );
    expect(merged).toEqual({ op: 'x', user: { address: 'b', name: 'n' } });
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('parseRequest: JSON body, form body, query + JSON body, and errors', () => {
    expect(parseRequest('', Buffer.from('{"op":"a"}'), 'application/json')).toEqual({ op: 'a' });
    expect(parseRequest('', Buffer.from('op=usersget&addr=x*'), 'application/x-www-form-urlencoded')).toEqual({
      op: 'usersget',
      user: { address: 'x*' },
    });
    expect(
      parseRequest(
        'token=T&op=groupeditmembers',
        Buffer.from('{"group":{"gid":3,"delete":true,"members":{"m":"a"}}}'),
        undefined,
      ),
    ).toEqual({ token: 'T', op: 'groupeditmembers', group: { gid: 3, delete: true, members: { m: 'a' } } });
    expect(parseRequest('op=useradd&token=Q', Buffer.from('{"token":"B"}'), 'application/json')).toMatchObject({
      token: 'B',
    });
    expect(parseRequest('', Buffer.alloc(0), undefined)).toEqual({});
    expect(() => parseRequest('', Buffer.from('[1,2]'), 'application/json')).toThrow(/JSON object/);
    expect(() => parseRequest('', Buffer.from('{bad'), 'application/json')).toThrow(/not valid JSON/);
    expect(() => parseRequest('', Buffer.from('"str"'), undefined)).toThrow(/JSON object/);
  });
});

describe("mesibo's PHP helper in query-string mode", () => {
  it('MesiboAddUser, MesiboDeleteToken, MesiboDeleteUser', async () => {
    const add = await viaPhp({
      op: 'useradd',
      user: { address: 'php-user', flags: null, token: { appid: 'com.php.app', session: 1, expiry: 60 } },
    });
    expect(add).toMatchObject({ op: 'useradd', result: true, user: { address: 'php-user', appid: 'com.php.app' } });
    expect(await t.engine.validateAccessToken(t.appId, add.user.token)).not.toBeNull();
    const newer = await viaPhp({
      op: 'useradd',
      user: { name: 'PHP', address: 'php-user', otp: null, token: { appid: 'com.php.app', expiry: 60, v2: true } },
    });
    expect(newer.user).toMatchObject({ name: 'PHP' });
    expect(await viaPhp({ op: 'userset', user: { address: 'php-user', token: { remove: true } } })).toMatchObject({
      result: true,
    });
    expect(await t.engine.validateAccessToken(t.appId, newer.user.token)).toBeNull();
    expect(await viaPhp({ op: 'userdel', user: { address: 'php-user' } })).toMatchObject({ result: true });
  });

  it('groups and messages', async () => {
    await viaPhp({ op: 'useradd', user: { address: 'php-a' } });
    await viaPhp({ op: 'useradd', user: { address: 'php-b' } });
    const g = await viaPhp({
      op: 'groupadd',
      group: { name: 'PHP group', flags: 0, duration: 0, members: { m: 'php-a,php-b' } },
    });
    expect(g.group).toMatchObject({ name: 'PHP group', members: 2 });
    const gid = g.group.gid;
    expect(await viaPhp({ op: 'groupset', group: { gid, name: 'Renamed', flags: 0 } })).toMatchObject({
      group: { name: 'Renamed', members: 2 },
    });
    expect(
      await viaPhp({ op: 'groupeditmembers', group: { gid, delete: true, members: { m: 'php-b' } } }),
    ).toMatchObject({
      group: { members: 1 },
    });
    const members = await viaPhp({ op: 'groupgetmembers', group: { gid } });
    expect(members.members.map((m: any) => m.address)).toEqual(['php-a']);
    const direct = await viaPhp({
      op: 'message',
      message: {
        from: 'php-a',
        to: 'php-b',
        gid: 0,
        type: 0,
        expiry: 3600,
        flags: null,
        forced: 0,
        message: 'hello & bye',
      },
    });
    expect(direct.result).toBe(true);
    const toGroup = await viaPhp({
      op: 'message',
      message: { from: 'php-a', to: '', gid, type: 0, expiry: 3600, flags: null, forced: 0, message: 'to group' },
    });
    expect(toGroup.result).toBe(true);
    const log = await viaQuery(`op=messagesget&token=${APP_TOKEN}&from=php-a&count=2`);
    expect(log.messages.map((m: any) => m.message)).toEqual(['to group', 'hello & bye']);
    expect(await viaPhp({ op: 'groupdel', group: { gid } })).toMatchObject({ result: true });
  });

  it('legacy api.php query strings with uid and sig=none', async () => {
    const add = await viaQuery(
      `op=useradd&token=${APP_TOKEN}&addr=legacy1&appid=web&expiry=5&active=1&name=Leg&sig=none`,
    );
    expect(add.user).toMatchObject({ address: 'legacy1', name: 'Leg', appid: 'web' });
    const tok = await viaQuery(`op=usertoken&token=${APP_TOKEN}&uid=${add.user.uid}&appid=ios&sig=none`);
    expect(tok.user).toMatchObject({ uid: add.user.uid, appid: 'ios' });
    const set = await viaQuery(`op=userset&token=${APP_TOKEN}&uid=${add.user.uid}&flag=9&active=0`);
    expect(set.user).toMatchObject({ flags: 9, active: false });
    const list = await viaQuery(`op=usersget&token=${APP_TOKEN}&addr=legacy*&count=20&id=9`);
    expect(list).toMatchObject({ id: 9, users: [{ address: 'legacy1' }] });
    expect(await viaQuery(`op=userdel&token=${APP_TOKEN}&uid=${add.user.uid}`)).toMatchObject({ result: true });
    expect(await viaQuery('')).toMatchObject({ result: false, error: 'AUTHFAIL' });
  });
});
