'use server';

import { defineAction } from '@/lib/actions/run';
import type { Permission } from '@/lib/console/roles';
import { createUser, deleteUser, findUser, issueToken, removeToken, saveUser } from '@/lib/dal/users';
import { ConsoleError } from '@/lib/errors';
import { CreateUserInput, DeleteUserInput, RemoveTokenInput, SaveUserInput, TokenInput } from '@/lib/validations/users';

/** The backend's names for what the user forms send (a refusal shows on its field). */
const USER_FIELDS = {
  'user.address': 'address',
  'user.name': 'name',
  'user.token.appid': 'appid',
  'user.token.expiry': 'expiryMinutes',
} as const;

export const createUserAction = defineAction(
  {
    name: 'user.create',
    permission: { anyOf: ['users.edit'], needs: (i) => (i.appid ? ['users.edit', 'tokens.manage'] : ['users.edit']) },
    input: CreateUserInput,
    fields: USER_FIELDS,
    target: (i) => i.address,
  },
  async (input) => {
    // useradd would quietly update an existing user; "New user" must not.
    if (await findUser(input.address)) {
      throw new ConsoleError('conflict', `"${input.address}" is already a user.`, {
        field: 'address',
        link: { href: `/users/${encodeURIComponent(input.address)}`, label: `Open ${input.address}` },
      });
    }
    return createUser(input);
  },
);

export const saveUserAction = defineAction(
  {
    name: 'user.update',
    permission: {
      anyOf: ['users.edit', 'users.activate'],
      needs: (i) => {
        const needed: Permission[] = [];
        if (i.name !== undefined) needed.push('users.edit');
        if (i.active !== undefined) needed.push('users.activate');
        return needed;
      },
    },
    input: SaveUserInput,
    fields: { 'user.name': 'name' },
    target: (i) => i.address,
  },
  async ({ address, name, active }) => saveUser(address, { name, active }),
);

export const deleteUserAction = defineAction(
  { name: 'user.delete', permission: 'users.edit', input: DeleteUserInput, target: (i) => i.address },
  async ({ address }) => {
    await deleteUser(address);
    return { address };
  },
);

export const generateTokenAction = defineAction(
  {
    name: 'token.issue',
    permission: 'tokens.manage',
    input: TokenInput,
    fields: { 'user.token.appid': 'appid', 'user.token.expiry': 'expiryMinutes' },
    target: (i) => `${i.address} (${i.appid})`,
  },
  async ({ address, appid, expiryMinutes }) => issueToken(address, appid, expiryMinutes),
);

export const removeTokenAction = defineAction(
  {
    name: 'token.remove',
    permission: 'tokens.manage',
    input: RemoveTokenInput,
    target: (i) => `${i.address} (${i.appid})`,
  },
  async ({ address, appid }) => {
    await removeToken(address, appid);
    return { address, appid };
  },
);
