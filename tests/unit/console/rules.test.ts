import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from '@/lib/auth/roles';
import { splitAddresses } from '@/lib/validations/common';
import { AddMembersInput, flagsFrom, flagWords } from '@/lib/validations/groups';
import { SendMessageInput } from '@/lib/validations/messages';
import { CreateOperatorInput } from '@/lib/validations/operators';
import { CreateUserInput, DeleteUserInput, SaveUserInput } from '@/lib/validations/users';

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
      'audit.view',
    ] as const) {
      expect(can('operator', p)).toBe(true);
    }
  });
  it('support views, manages tokens and activation, nothing else', () => {
    expect([...ROLE_PERMISSIONS.support].sort()).toEqual(
      ['overview.view', 'users.view', 'groups.view', 'messages.view', 'users.activate', 'tokens.manage'].sort(),
    );
  });
  it('viewer only views, and not the audit log', () => {
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith('.view'))).toBe(true);
    expect(can('viewer', 'audit.view')).toBe(false);
    expect(can(undefined, 'users.view')).toBe(false);
  });
});

describe('input schemas', () => {
  it('new user: trims, defaults the expiry, treats an empty App ID as none, rejects bad values', () => {
    expect(CreateUserInput.parse({ address: ' alice ', appid: '' })).toEqual({
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
  it('save user needs a change; delete needs the exact address typed', () => {
    expect(SaveUserInput.safeParse({ address: 'a' }).success).toBe(false);
    expect(DeleteUserInput.safeParse({ address: 'alice', confirm: 'alic' }).success).toBe(false);
    expect(DeleteUserInput.safeParse({ address: 'alice', confirm: 'alice' }).success).toBe(true);
  });
  it('bulk members: commas and new lines, blanks and duplicates dropped, at most 1,000', () => {
    expect(splitAddresses('a, b\nc,,a\r\n')).toEqual(['a', 'b', 'c']);
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
  it('group flags: words for each bit, unknown bits kept', () => {
    expect(flagsFrom([0x1, 0x80])).toBe(0x81);
    expect(flagsFrom([0x2], 0x40000 | 0x1)).toBe(0x40002);
    expect(flagWords(0x21)).toEqual([
      'Only members with send permission can send',
      'Deliver each message to one member in turn',
    ]);
    expect(flagWords(0x40000)).toEqual(['other flags 0x40000']);
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
