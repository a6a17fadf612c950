import { type BulkActionSpec, type BulkCounts, bulkOutcome, counted } from './bulk-actions';

/**
 * What an operator may do to many members of a group at once (browser-safe): remove them, or
 * turn Can send or Can receive on or off. Each needs `groups.edit`, as each row's own switch
 * and Remove do.
 */
export type MembersBulkKind = 'remove' | 'sendOn' | 'sendOff' | 'recvOn' | 'recvOff';
export type MembersBulkAction = { kind: MembersBulkKind };

/** The permission a kind sets, and to what (Remove sets none). */
export const PERMISSION_OF: Readonly<
  Record<Exclude<MembersBulkKind, 'remove'>, { which: 'send' | 'recv'; on: boolean }>
> = {
  sendOn: { which: 'send', on: true },
  sendOff: { which: 'send', on: false },
  recvOn: { which: 'recv', on: true },
  recvOff: { which: 'recv', on: false },
};

export const MEMBERS_BULK_ACTIONS: Readonly<Record<MembersBulkKind, BulkActionSpec>> = {
  remove: { permission: 'groups.edit', label: 'Remove', title: 'Remove members', done: 'removed', danger: true },
  sendOn: { permission: 'groups.edit', label: 'Can send: on', title: 'Turn Can send on', done: 'can send' },
  sendOff: {
    permission: 'groups.edit',
    label: 'Can send: off',
    title: 'Turn Can send off',
    done: 'can no longer send',
  },
  recvOn: { permission: 'groups.edit', label: 'Can receive: on', title: 'Turn Can receive on', done: 'can receive' },
  recvOff: {
    permission: 'groups.edit',
    label: 'Can receive: off',
    title: 'Turn Can receive off',
    done: 'can no longer receive',
  },
};

const members = (count: number) => counted(count, 'member');
const SWITCH = { send: 'Can send', recv: 'Can receive' } as const;

/** The bar's button and the confirmation's: "Remove 500 members", "Turn Can send off for 500 members". */
export function membersBulkLabel(kind: MembersBulkKind, count: number): string {
  if (kind === 'remove') return `Remove ${members(count)}`;
  const p = PERMISSION_OF[kind];
  return `Turn ${SWITCH[p.which]} ${p.on ? 'on' : 'off'} for ${members(count)}`;
}

/** What will happen, for the confirmation. */
export function membersBulkConsequence(kind: MembersBulkKind, count: number, gid: number): string {
  if (kind === 'remove')
    return `Remove ${members(count)} from group ${gid}: they stop receiving its messages. Their user accounts stay.`;
  const p = PERMISSION_OF[kind];
  const effect =
    p.which === 'send'
      ? p.on
        ? 'they may send to it'
        : 'they can no longer send to it'
      : p.on
        ? 'they receive its messages'
        : 'they stop receiving its messages';
  return `Turn ${SWITCH[p.which]} ${p.on ? 'on' : 'off'} for ${members(count)} of group ${gid}: ${effect} (where the group's settings ask for ${SWITCH[p.which]}). Members already so stay as they are.`;
}

export const membersBulkOutcomeText = (kind: MembersBulkKind, s: BulkCounts) =>
  bulkOutcome(MEMBERS_BULK_ACTIONS[kind].done, 'member', s);
