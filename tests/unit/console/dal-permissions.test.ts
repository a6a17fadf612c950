import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/console/roles';

/**
 * The DAL checks, in code, exactly the permissions of what each function does, whatever
 * called it. The session and the backend are stand-ins here: the role is the test's, and
 * every backend call is recorded.
 */
const state = vi.hoisted(() => ({ role: 'support' as Role, calls: [] as string[] }));
vi.mock('@/lib/auth/session', async () => {
  const { can } = await import('@/lib/console/roles');
  const { AuthError } = await import('@/lib/errors');
  return {
    requirePermission: async (p: Parameters<typeof can>[1]) => {
      if (!can(state.role, p)) throw new AuthError('forbidden', p);
      return { id: 1, email: 'x@example.com', role: state.role };
    },
  };
});
vi.mock('@/lib/server/app-backends', () => ({
  appBackends: async () => ({
    offered: async () => ({ usersget: true, groupsget: true, messagesget: true, stats: true }),
    call: async (_app: unknown, op: string) => {
      state.calls.push(op);
      const user = { uid: 1, address: 'a', name: 'n', active: true, flags: 0, token: 't', appid: 'web', expires: 0 };
      return op === 'usersget' ? { users: [user] } : { user };
    },
  }),
}));
vi.mock('@/lib/server/db', () => ({ consoleDb: async () => ({}) }));

const { saveUser, createUser } = await import('@/lib/dal/users');
const { exportList } = await import('@/lib/dal/exports');
const { grantApp } = await import('@/lib/console/app-access');
const app = grantApp(
  { apps: 'all' },
  { id: 1, kind: 'bundled', name: 'a', environment: 'development', state: 'enabled', isDefault: true, createdTs: 0 },
);
if (!app) throw new Error('no app');

beforeEach(() => {
  state.calls = [];
});

describe('saveUser', () => {
  it('a name change needs users.edit: support may not rename, and nothing reaches the backend', async () => {
    state.role = 'support';
    await expect(saveUser(app, 'a', { name: 'new' })).rejects.toMatchObject({
      kind: 'forbidden',
      permission: 'users.edit',
    });
    await expect(saveUser(app, 'a', { name: 'new', active: false })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(state.calls).toEqual([]);
  });
  it('the Active switch needs users.activate: support may, a viewer may not', async () => {
    state.role = 'support';
    await expect(saveUser(app, 'a', { active: false })).resolves.toMatchObject({ data: { address: 'a' } });
    state.role = 'viewer';
    await expect(saveUser(app, 'a', { active: true })).rejects.toMatchObject({ permission: 'users.activate' });
    expect(state.calls).toEqual(['usersget', 'userset']); // the user before (the audit says what changed), the change
  });
});

describe('createUser', () => {
  it('a token with the new user needs tokens.manage as well as users.edit', async () => {
    state.role = 'operator';
    await expect(createUser(app, { address: 'b', name: '', appid: 'web', expiryMinutes: 60 })).resolves.toBeTruthy();
    state.role = 'support';
    await expect(createUser(app, { address: 'b', name: '', expiryMinutes: 60 })).rejects.toMatchObject({
      permission: 'users.edit',
    });
  });
});

describe('exportList', () => {
  it('needs data.export: support and viewers are refused before anything is read', async () => {
    for (const role of ['support', 'viewer'] as const) {
      state.role = role;
      for (const request of [
        { list: 'users', q: '', sort: '-created', active: '', appid: '' },
        { list: 'groups', q: '', sort: '-created', send: '', delivery: '' },
        { list: 'members', gid: 1 },
        { list: 'messages', from: '', to: '', with: '', gid: undefined, mid: undefined, since: '', until: '' },
      ] as const)
        await expect(exportList(app, request)).rejects.toMatchObject({ kind: 'forbidden', permission: 'data.export' });
    }
    expect(state.calls).toEqual([]);
  });
});
