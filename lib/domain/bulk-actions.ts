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
export type BulkPermission = 'users.activate' | 'tokens.manage' | 'groups.edit' | 'users.edit';
/** A bulk action as the console names it: its button, its dialog, and what its rows that went as asked became. */
export interface BulkActionSpec {
  permission: BulkPermission;
  label: string;
  title: string;
  done: string;
  danger?: true;
  /** The count is typed to confirm it (also in any app; in a Production app every bulk action asks). */
  typed?: true;
}

/** Whether the confirmation asks for the count typed: the action's own rule, or a Production app. */
export const countTyped = (spec: BulkActionSpec, environment: string) =>
  spec.typed === true || environment === 'production';

export const USERS_BULK_ACTIONS: Readonly<Record<UsersBulkKind, BulkActionSpec>> = {
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
  delete: {
    permission: 'users.edit',
    label: 'Delete',
    title: 'Delete users',
    done: 'deleted',
    danger: true,
    typed: true,
  },
};

/** Rows a bulk action runs within the request; more run as a job, on its own page. */
export const BULK_IN_REQUEST = 100;

const n = (count: number) => count.toLocaleString('en');
/** "1 user", "3,412 members". */
export const counted = (count: number, noun: 'user' | 'member') => `${n(count)} ${noun}${count === 1 ? '' : 's'}`;
const users = (count: number) => counted(count, 'user');

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

/** How a bulk action's rows ended (its job's counts). */
export interface BulkCounts {
  total: number;
  ok: number;
  skipped: number;
  failed: number;
  unconfirmed: number;
}

/** "3 of 3 users deactivated", "2 of 3 users had the token removed; 1 skipped": exact, also when cancelled. */
export function bulkOutcome(done: string, noun: 'user' | 'member', s: BulkCounts): string {
  const rest = [
    s.skipped && `${n(s.skipped)} skipped`,
    s.failed && `${n(s.failed)} failed`,
    s.unconfirmed && `${n(s.unconfirmed)} unknown (no answer)`,
  ].filter(Boolean);
  const head = `${n(s.ok)} of ${counted(s.total, noun)} ${done}`;
  return rest.length ? `${head}; ${rest.join(', ')}` : head;
}

export const bulkOutcomeText = (kind: UsersBulkKind, s: BulkCounts) =>
  bulkOutcome(USERS_BULK_ACTIONS[kind].done, 'user', s);

/** A started bulk action, for its audit entry: how it ended, or that it runs on as a job. */
export function startedText(s: BulkCounts & { ended: boolean; state: string }, noun: 'user' | 'member'): string {
  return s.ended
    ? `${s.state}: ${s.ok} of ${s.total} done, ${s.skipped} skipped, ${s.failed} failed, ${s.unconfirmed} unknown`
    : `${counted(s.total, noun)}, running as a job`;
}
