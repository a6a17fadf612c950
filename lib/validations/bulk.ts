import { z } from 'zod';
import type { UsersBulkAction } from '@/lib/domain/bulk-actions';
import { MAX_SELECTION } from '@/lib/domain/limits';
import type { MembersBulkAction } from '@/lib/domain/member-bulk-actions';
import { Address, AppId, Gid } from './common';
import { JobId } from './jobs';
import { UserSearch } from './users';

/**
 * A bulk action on users as a form sends it: the action (its fields flat, so a refusal names the
 * field the operator sees: App ID, Group), and what it acts on: the selected addresses, or
 * everything a search matches (the list's own filter).
 */
export const PrepareUsersBulkInput = z
  .object({
    kind: z.enum(['deactivate', 'activate', 'removeToken', 'addToGroup', 'delete'], { error: 'Choose an action.' }),
    appid: z.string().optional(),
    gid: z.unknown().optional(),
    send: z.boolean().default(true),
    recv: z.boolean().default(true),
    addresses: z
      .array(Address)
      .min(1, { error: 'Select at least one user.' })
      .max(MAX_SELECTION, {
        error: `At most ${MAX_SELECTION.toLocaleString('en')} selected users: use Select all matching this search.`,
      })
      .optional(),
    /** The list's filter as its URL keeps it (read as the list reads it: unknown values fall back). */
    search: z
      .object({
        q: z.string().max(128),
        sort: z.string().max(20),
        active: z.string().max(10),
        appid: z.string().max(128),
        presence: z.string().max(10),
      })
      .optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.addresses === undefined) === (v.search === undefined))
      ctx.addIssue({ code: 'custom', path: ['addresses'], message: 'Select users, or all users matching a search.' });
    if (v.kind === 'removeToken') {
      const appid = AppId.safeParse(v.appid ?? '');
      if (!appid.success) ctx.addIssue({ code: 'custom', path: ['appid'], message: appid.error.issues[0].message });
    }
    if (v.kind === 'addToGroup' && !Gid.safeParse(v.gid).success)
      ctx.addIssue({ code: 'custom', path: ['gid'], message: 'Enter the group id (gid): a positive whole number.' });
  })
  .transform((v) => ({
    action: actionOf(v),
    ...(v.addresses ? { addresses: v.addresses } : {}),
    ...(v.search ? { search: UserSearch.omit({ cursor: true }).parse(v.search) } : {}),
  }));
export type PrepareUsersBulkInput = z.output<typeof PrepareUsersBulkInput>;

function actionOf(v: { kind: UsersBulkAction['kind']; appid?: string; gid?: unknown; send: boolean; recv: boolean }) {
  switch (v.kind) {
    case 'removeToken':
      return { kind: v.kind, appid: v.appid ?? '' } satisfies UsersBulkAction;
    case 'addToGroup':
      return { kind: v.kind, gid: Number(v.gid), send: v.send, recv: v.recv } satisfies UsersBulkAction;
    default:
      return { kind: v.kind } satisfies UsersBulkAction;
  }
}

/** Start a prepared bulk action: its draft, and the count typed where it must be (Production, Delete). */
export const StartBulkInput = z.object({ job: JobId, confirm: z.string().max(20).default('') });

/**
 * A bulk action on a group's members: the action, and the selected addresses or every member
 * whose address starts with the list's filter.
 */
export const PrepareMembersBulkInput = z
  .object({
    gid: Gid,
    kind: z.enum(['remove', 'sendOn', 'sendOff', 'recvOn', 'recvOff'], { error: 'Choose an action.' }),
    addresses: z
      .array(Address)
      .min(1, { error: 'Select at least one member.' })
      .max(MAX_SELECTION, { error: `At most ${MAX_SELECTION.toLocaleString('en')} selected members: use Select all.` })
      .optional(),
    search: z.object({ q: z.string().max(64, { error: 'An address filter is at most 64 characters.' }) }).optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.addresses === undefined) === (v.search === undefined))
      ctx.addIssue({ code: 'custom', path: ['addresses'], message: 'Select members, or all of them.' });
  })
  .transform(({ kind, ...v }) => ({ ...v, action: { kind } satisfies MembersBulkAction }));
export type PrepareMembersBulkInput = z.output<typeof PrepareMembersBulkInput>;
