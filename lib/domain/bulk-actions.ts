/**
 * What an operator may do to many users at once (browser-safe): each action needs the permission
 * its single action needs (support deactivates, activates and removes tokens; only operators and
 * admins delete users or add them to groups), and says itself in the console's words.
 */
export type UsersBulkAction =
  | { kind: 'deactivate' }
  | { kind: 'activate' }
  | { kind: 'removeToken'; appid: string }
  | { kind: 'addToGroup'; gid: number; send: boolean; recv: boolean }
  | { kind: 'delete' };
export type UsersBulkKind = UsersBulkAction['kind'];
/** The permissions of lib/console/roles.ts these actions need (named here: the domain imports nothing of the console). */
type BulkPermission = 'users.activate' | 'tokens.manage' | 'groups.edit' | 'users.edit';

export const USERS_BULK_ACTIONS: Readonly<
  Record<UsersBulkKind, { permission: BulkPermission; label: string; title: string; done: string; danger?: true }>
> = {
  deactivate: { permission: 'users.activate', label: 'Deactivate', title: 'Deactivate users', done: 'deactivated' },
  activate: { permission: 'users.activate', label: 'Activate', title: 'Activate users', done: 'activated' },
  removeToken: {
    permission: 'tokens.manage',
    label: 'Remove token',
    title: 'Remove a token from users',
    done: 'had the token removed',
  },
  addToGroup: {
    permission: 'groups.edit',
    label: 'Add to group',
    title: 'Add users to a group',
    done: 'added to the group',
  },
  delete: { permission: 'users.edit', label: 'Delete', title: 'Delete users', done: 'deleted', danger: true },
};

/** Rows a bulk action runs within the request; more run as a job, on its own page. */
export const BULK_IN_REQUEST = 100;

const n = (count: number) => count.toLocaleString('en');
const users = (count: number) => `${n(count)} user${count === 1 ? '' : 's'}`;

/** The confirmation's button: "Deactivate 3 users", "Remove the token from 3 users". */
export function bulkSubmitLabel(kind: UsersBulkKind, count: number): string {
  const words: Record<UsersBulkKind, string> = {
    deactivate: `Deactivate ${users(count)}`,
    activate: `Activate ${users(count)}`,
    removeToken: `Remove the token from ${users(count)}`,
    addToGroup: `Add ${users(count)} to the group`,
    delete: `Delete ${users(count)}`,
  };
  return words[kind];
}

/** What will happen, for the confirmation: "Deactivate 3,412 users: they can no longer connect." */
export function bulkConsequence(action: UsersBulkAction, count: number): string {
  switch (action.kind) {
    case 'deactivate':
      return `Deactivate ${users(count)}: they can no longer connect or send until activated again.`;
    case 'activate':
      return `Activate ${users(count)}: they can connect and send again.`;
    case 'removeToken':
      return `Remove the token for App ID ${action.appid} from ${users(count)}: their apps with that App ID are signed out. Users without one are skipped.`;
    case 'addToGroup':
      return `Add ${users(count)} to group ${action.gid} (Can send: ${action.send ? 'on' : 'off'}, Can receive: ${action.recv ? 'on' : 'off'}). Members already in it get these permissions.`;
    case 'delete':
      return `Delete ${users(count)}, with their tokens and memberships. This cannot be undone.`;
  }
}

/** "3 of 3 users deactivated", "2 of 3 users had the token removed; 1 skipped": exact, also when cancelled. */
export function bulkOutcomeText(
  kind: UsersBulkKind,
  s: { total: number; ok: number; skipped: number; failed: number; unconfirmed: number },
): string {
  const rest = [
    s.skipped && `${n(s.skipped)} skipped`,
    s.failed && `${n(s.failed)} failed`,
    s.unconfirmed && `${n(s.unconfirmed)} unknown (no answer)`,
  ].filter(Boolean);
  const head = `${n(s.ok)} of ${users(s.total)} ${USERS_BULK_ACTIONS[kind].done}`;
  return rest.length ? `${head}; ${rest.join(', ')}` : head;
}
