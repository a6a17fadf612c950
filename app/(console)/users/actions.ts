'use server';

import { defineAction } from '@/lib/actions/run';
import type { Permission } from '@/lib/console/roles';
import { createUser, deleteUser, findUser, issueToken, removeToken, saveUser } from '@/lib/dal/users';
import { ConsoleError } from '@/lib/errors';
import { CreateUserInput, DeleteUserInput, RemoveTokenInput, SaveUserInput, TokenInput } from '@/lib/validations/users';

export const createUserAction = defineAction(
  {
    name: 'user.create',
    permission: { anyOf: ['users.edit'], needs: (i) => (i.appid ? ['users.edit', 'tokens.manage'] : ['users.edit']) },
    input: CreateUserInput,
    target: (i) => i.address,
  },
  async (input) => {
    // useradd would quietly update an existing user; "New user" must not.
    if (await findUser(input.address)) {
      throw new ConsoleError(
        'conflict',
        `A user with address "${input.address}" already exists.`,
        'Open it from the list to change it or issue a token.',
      );
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
  { name: 'token.issue', permission: 'tokens.manage', input: TokenInput, target: (i) => `${i.address} (${i.appid})` },
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
