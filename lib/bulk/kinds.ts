import 'server-only';
import type { BulkActionSpec } from '@/lib/domain/bulk-actions';
import { USERS_BULK_ACTIONS } from '@/lib/domain/bulk-actions';
import { MEMBERS_BULK_ACTIONS } from '@/lib/domain/member-bulk-actions';
import { MEMBERS_BULK, type MembersBulkOptions } from './members-bulk';
import { USERS_BULK, type UsersBulkOptions } from './users-bulk';

/**
 * A bulk action's job, whichever list it acts on: how the action names itself (its permission,
 * its title, what its rows became), and the group it changes, if any. The one place that reads
 * a bulk job's options.
 */
export function bulkOf(job: {
  kind: string;
  options: Record<string, unknown>;
}): { spec: BulkActionSpec; gid?: number; noun: 'user' | 'member' } | undefined {
  if (job.kind === USERS_BULK) {
    const { action } = job.options as unknown as UsersBulkOptions;
    return {
      spec: USERS_BULK_ACTIONS[action.kind],
      gid: action.kind === 'addToGroup' ? action.gid : undefined,
      noun: 'user',
    };
  }
  if (job.kind === MEMBERS_BULK) {
    const { action, gid } = job.options as unknown as MembersBulkOptions;
    return { spec: MEMBERS_BULK_ACTIONS[action.kind], gid, noun: 'member' };
  }
  return undefined;
}
