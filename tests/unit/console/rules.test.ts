import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '@/lib/console/roles';
import { splitAddresses } from '@/lib/domain/address-list';
import { behaviourOf, flagConflicts, flagsOf, flagWords } from '@/lib/domain/group-flags';
import { AddMembersInput, MemberPermissionInput, RemoveMemberInput, SaveGroupInput } from '@/lib/validations/groups';
import { SendMessageInput } from '@/lib/validations/messages';
import { CreateOperatorInput } from '@/lib/validations/operators';
import { CreateUserInput, DeleteUserInput, RemoveTokenInput, SaveUserInput, TokenInput } from '@/lib/validations/users';

describe('role table', () => {
  it('admin can do everything; only admin manages operators', () => {
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
    for (const r of ROLES) expect(can(r, 'operators.manage')).toBe(r === 'admin');
  });
  it('operator changes everything but operators, and reads the audit log', () => {
    for (const p of [
      'users.edit',
      'users.activate',
      'tokens.manage',
      'groups.edit',
      'messages.send',
      'webhooks.manage',
      'audit.view',
    ] as const) {
      expect(can('operator', p)).toBe(true);
    }
  });
  it('support views, manages tokens and activation, nothing else', () => {
    expect([...ROLE_PERMISSIONS.support].sort()).toEqual(
      [
        'overview.view',
        'users.view',
        'groups.view',
        'messages.view',
        'webhooks.view',
        'users.activate',
        'tokens.manage',
      ].sort(),
    );
  });
  it('viewer only views, and not the audit log', () => {
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith('.view'))).toBe(true);
    expect(can('viewer', 'audit.view')).toBe(false);
    expect(can(undefined, 'users.view')).toBe(false);
  });
});

describe('input schemas', () => {
  it('new user: defaults the expiry, treats an empty App ID as none, rejects bad values', () => {
    expect(CreateUserInput.parse({ address: 'alice', appid: '' })).toEqual({
      address: 'alice',
      name: '',
      appid: undefined,
      expiryMinutes: 525_600,
    });
    expect(CreateUserInput.parse({ address: 'a', appid: 'web', expiryMinutes: '60' }).expiryMinutes).toBe(60);
    const bad = CreateUserInput.safeParse({ address: 'x'.repeat(64), expiryMinutes: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['address', 'expiryMinutes']);
    expect(CreateUserInput.safeParse({ address: 'tab\tin' }).success).toBe(false);
  });
  it('a new address is refused, never changed, when it would be confused with another', () => {
    const message = (address: string) => CreateUserInput.safeParse({ address }).error?.issues[0]?.message;
    expect(message(' alice')).toMatch(/cannot start or end with a space/);
    expect(message('alice ')).toMatch(/cannot start or end with a space/);
    expect(message('dup*')).toMatch(/cannot contain \*/);
    for (const invisible of ['al\u200Bice', 'ali\u202Ece', '\u2066alice', 'al\uFEFFice', 'a\u00ADlice'])
      expect(message(invisible), JSON.stringify(invisible)).toMatch(/invisible or blank-looking characters/);
    // Letters and marks that display as blanks although Unicode does not call them spaces.
    for (const blank of ['\u115Falice', 'al\u1160ice', 'alice\u3164x', 'a\uFFA0b', 'a\u2800b', 'a\u034Fb'])
      expect(message(blank), JSON.stringify(blank)).toMatch(/invisible or blank-looking characters/);
    // Look-alikes that are visible stay possible (the console marks them with a Unicode badge).
    expect(CreateUserInput.safeParse({ address: 'аlice' }).success).toBe(true);
  });
  it('an existing user is named exactly as given: no trimming anywhere an address identifies one', () => {
    expect(SaveUserInput.parse({ address: ' alice', active: false }).address).toBe(' alice');
    expect(TokenInput.parse({ address: 'alice ', appid: 'web' }).address).toBe('alice ');
    expect(RemoveTokenInput.parse({ address: ' alice', appid: ' web' })).toEqual({ address: ' alice', appid: ' web' });
    expect(MemberPermissionInput.parse({ gid: 1, address: ' alice', send: false }).address).toBe(' alice');
    expect(RemoveMemberInput.parse({ gid: 1, address: 'dup*' }).address).toBe('dup*');
    expect(SendMessageInput.parse({ from: ' alice', to: 'bob', message: 'x' }).from).toBe(' alice');
    expect(DeleteUserInput.safeParse({ address: ' alice', confirm: ' alice' }).success).toBe(true);
    expect(DeleteUserInput.safeParse({ address: ' alice', confirm: 'alice' }).success).toBe(false);
    // A token is issued to the App ID as typed, and one with invisible edges is refused.
    expect(TokenInput.safeParse({ address: 'a', appid: 'web ' }).success).toBe(false);
  });
  it('group flags keep every bit up to 2^53, including those at and above 2^31', () => {
    const high = 2 ** 31 + 2 ** 40 + 0x4; // two unknown high bits and an unknown low one
    const plain = behaviourOf(0);
    expect(flagsOf({ ...plain, send: 'selected', loopback: true }, high)).toBe(2 ** 31 + 2 ** 40 + 0x4 + 0x1 + 0x80);
    expect(flagsOf(plain, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER - 0xf3);
    expect(flagWords(2 ** 31 + 1)).toEqual(['Who can send: members with send permission', 'other flags 0x80000000']);
    expect(SaveGroupInput.safeParse({ gid: 1, name: 'g', behaviour: plain, keep: 2 ** 53 }).success).toBe(false);
  });
  it('save user needs a change; delete needs the exact address typed', () => {
    expect(SaveUserInput.safeParse({ address: 'a' }).success).toBe(false);
    expect(DeleteUserInput.safeParse({ address: 'alice', confirm: 'alic' }).success).toBe(false);
    expect(DeleteUserInput.safeParse({ address: 'alice', confirm: 'alice' }).success).toBe(true);
  });
  it('bulk members: commas and new lines, blanks and duplicates dropped, at most 1,000', () => {
    expect(splitAddresses('a, b\nc,,a\r\n')).toEqual(['a', 'b', 'c']);
    // Spaces right after a comma are the separator's; any other space is the address's.
    expect(splitAddresses('a,\t b\n carol\ndave \n   \n')).toEqual(['a', 'b', ' carol', 'dave ']);
    const refused = AddMembersInput.safeParse({ gid: 1, addresses: 'alice\n carol\nx\u3164y' });
    expect(refused.success).toBe(false);
    const said = refused.error?.issues.map((i) => i.message).join(' ');
    expect(said).toContain('2 addresses are not allowed');
    expect(said).toContain('" carol" (An address cannot start or end with a space.)');
    expect(said).toContain('"x\u3164y"');
    const to = SendMessageInput.safeParse({ from: 'alice', to: 'bob, carol ,dave', message: 'x' });
    expect(to.error?.issues[0]).toMatchObject({ path: ['to'], message: expect.stringContaining('"carol "') });
    expect(SendMessageInput.parse({ from: 'alice', to: 'bob,  carol', message: 'x' }).to).toEqual(['bob', 'carol']);
    expect(AddMembersInput.parse({ gid: '7', addresses: 'a\nb' })).toEqual({
      gid: 7,
      addresses: ['a', 'b'],
      send: true,
      recv: true,
    });
    const many = Array.from({ length: 1001 }, (_, i) => `u${i}`).join(',');
    expect(AddMembersInput.safeParse({ gid: 1, addresses: many }).success).toBe(false);
    expect(AddMembersInput.safeParse({ gid: 1, addresses: ' , ' }).success).toBe(false);
  });
  it('messages go to users or to a group, not both, not neither', () => {
    expect(SendMessageInput.safeParse({ from: 'a', to: '', gid: '', message: 'x' }).success).toBe(false);
    expect(SendMessageInput.safeParse({ from: 'a', to: 'b', gid: '3', message: 'x' }).success).toBe(false);
    expect(SendMessageInput.parse({ from: 'a', to: 'b, c', gid: '', message: ' hi ' })).toEqual({
      from: 'a',
      to: ['b', 'c'],
      gid: undefined,
      message: 'hi',
    });
    expect(SendMessageInput.parse({ from: 'a', gid: '3', message: 'x' }).gid).toBe(3);
  });
  it('group behaviour: choices that cannot contradict, each bit round-trips, unknown bits kept', () => {
    for (const flags of [0, 0x1, 0x2, 0x10, 0x20, 0x40, 0x80, 0x1 | 0x10 | 0x20 | 0x40 | 0x80, 0x2 | 0x10]) {
      expect(flagsOf(behaviourOf(flags))).toBe(flags);
    }
    expect(flagsOf({ ...behaviourOf(0), send: 'anyone' }, 0x40000 | 0x1)).toBe(0x40002);
    expect(flagWords(0x21)).toEqual(['Who can send: members with send permission', 'Delivery: one member in turn']);
    expect(flagWords(0x40000)).toEqual(['other flags 0x40000']);
    // 0x1 and 0x2 together (the API allows it): named, shown as what mesibo applies, resolved on save.
    expect(flagConflicts(0x3)).toHaveLength(1);
    expect(flagConflicts(0x1)).toEqual([]);
    expect(behaviourOf(0x3).send).toBe('anyone');
    expect(flagsOf(behaviourOf(0x3 | 0x80))).toBe(0x82);
    expect(flagWords(0x3)).toContain('Conflicting flags');
    // The server refuses a choice the form does not offer, naming the field.
    const bad = SaveGroupInput.safeParse({ gid: 1, name: 'g', behaviour: { ...behaviourOf(0), send: 'everyone' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['behaviour', 'send']);
  });
  it('operators: e-mail lower-cased, role from the table, password at least 12 characters', () => {
    expect(
      CreateOperatorInput.parse({ email: 'Ann@Example.com', role: 'support', password: 'x'.repeat(12) }).email,
    ).toBe('ann@example.com');
    expect(CreateOperatorInput.safeParse({ email: 'a@b.c', role: 'root', password: 'x'.repeat(12) }).success).toBe(
      false,
    );
    expect(CreateOperatorInput.safeParse({ email: 'a@b.c', role: 'viewer', password: 'short' }).success).toBe(false);
  });
});
