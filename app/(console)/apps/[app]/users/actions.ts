'use server';

import { defineAppAction } from '@/lib/actions/run';
import type { Permission } from '@/lib/console/roles';
import { startUsersImport } from '@/lib/dal/imports';
import { requireTypedInProduction } from '@/lib/dal/production-guard';
import {
  addToDirectory,
  caseTwins,
  createUser,
  deleteUser,
  findUser,
  issueToken,
  removeToken,
  saveUser,
} from '@/lib/dal/users';
import { userHref } from '@/lib/domain/app-paths';
import { Changed } from '@/lib/domain/audit-changes';
import { ConsoleError } from '@/lib/errors';
import { StartImportInput } from '@/lib/validations/jobs';
import {
  CreateUserInput,
  DeleteUserInput,
  RemoveTokenInput,
  SaveUserInput,
  TokenInput,
  UserRefInput,
} from '@/lib/validations/users';

/** The backend's names for what the user forms send (a refusal shows on its field). */
const USER_FIELDS = {
  'user.address': 'address',
  'user.name': 'name',
  'user.token.appid': 'appid',
  'user.token.expiry': 'expiryMinutes',
} as const;

export const createUserAction = defineAppAction(
  {
    name: 'user.create',
    permission: { anyOf: ['users.edit'], needs: (i) => (i.appid ? ['users.edit', 'tokens.manage'] : ['users.edit']) },
    input: CreateUserInput,
    fields: USER_FIELDS,
    target: (i) => i.address,
  },
  async (input, _operator, app) => {
    // useradd would quietly update an existing user; "New user" must not.
    if (await findUser(app, input.address)) {
      throw new ConsoleError('conflict', `"${input.address}" is already a user.`, {
        field: 'address',
        link: { href: userHref(app.id, input.address), label: `Open ${input.address}` },
      });
    }
    // The backend tells Maya@ and maya@ apart; a person seldom means a second user by it.
    const [twin] = input.caseConfirmed ? [] : await caseTwins(app, input.address);
    if (twin) {
      throw new ConsoleError(
        'conflict',
        `${twin} exists: this address differs from it only in case. Tick the box to create ${input.address} as another user.`,
        { field: 'caseConfirmed', link: { href: userHref(app.id, twin), label: `Open ${twin}` } },
      );
    }
    return createUser(app, input);
  },
);

export const saveUserAction = defineAppAction(
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
  async ({ address, name, active }, _operator, app) => saveUser(app, address, { name, active }),
);

export const deleteUserAction = defineAppAction(
  { name: 'user.delete', permission: 'users.edit', input: DeleteUserInput, target: (i) => i.address },
  async ({ address }, _operator, app) => {
    await deleteUser(app, address);
    return { address };
  },
);

export const generateTokenAction = defineAppAction(
  {
    name: 'token.issue',
    permission: 'tokens.manage',
    input: TokenInput,
    fields: { 'user.token.appid': 'appid', 'user.token.expiry': 'expiryMinutes' },
    target: (i) => `${i.address} (${i.appid})`,
  },
  async (input, _operator, app) => issueToken(app, input),
);

export const removeTokenAction = defineAppAction(
  {
    name: 'token.remove',
    permission: 'tokens.manage',
    input: RemoveTokenInput,
    target: (i) => `${i.address} (${i.appid})`,
  },
  async ({ address, appid, confirm }, _operator, app) => {
    requireTypedInProduction(app, confirm, address, 'the address');
    return new Changed({ address, appid }, await removeToken(app, address, appid));
  },
);

export const addToDirectoryAction = defineAppAction(
  { name: 'user.directory.add', permission: 'users.edit', input: UserRefInput, target: (i) => i.address },
  async ({ address }, _operator, app) => addToDirectory(app, address),
);

/** Import users: the checked file starts as a job (the entry says the file, its rows and the choice). */
export const startImportAction = defineAppAction(
  {
    name: 'users.import.start',
    permission: 'users.edit',
    input: StartImportInput,
    target: (i) => `job ${i.job}`,
    detail: (i, r) => {
      const started = r as Awaited<ReturnType<typeof startUsersImport>>;
      const how = i.mode === 'directory' ? 'Add to directory' : 'Create on the backend';
      return `${started.file}: ${started.rows.toLocaleString('en')} rows, ${how}${i.skipInvalid ? `, skipping ${started.invalid.toLocaleString('en')} invalid` : ''}`;
    },
  },
  (input, _operator, app) => startUsersImport(app, input),
);
