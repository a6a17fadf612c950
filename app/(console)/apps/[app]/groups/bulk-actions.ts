'use server';

import { defineAppAction } from '@/lib/actions/run';
import { MEMBERS_BULK } from '@/lib/bulk/members-bulk';
import { type PreparedMembersBulk, prepareMembersBulk, type StartedBulk, startBulk } from '@/lib/dal/bulk';
import { startedText } from '@/lib/domain/bulk-actions';
import { MEMBERS_BULK_ACTIONS } from '@/lib/domain/member-bulk-actions';
import { PrepareMembersBulkInput, StartBulkInput } from '@/lib/validations/bulk';

/** Act on many members of a group: the selection or the filter taken into a draft, counted exactly. */
export const prepareMembersBulkAction = defineAppAction(
  {
    name: 'members.bulk.prepare',
    permission: 'groups.edit',
    input: PrepareMembersBulkInput,
    target: (i) =>
      `gid ${i.gid}: ${MEMBERS_BULK_ACTIONS[i.action.kind].title}, ${i.addresses ? `${i.addresses.length} selected` : 'all matching'}`,
    subjects: (i) => i.addresses ?? [],
    detail: (_i, r) => {
      const prepared = r as PreparedMembersBulk;
      return `job ${prepared.job}: ${prepared.count.toLocaleString('en')} members (${prepared.described})`;
    },
  },
  (input, _operator, app) => prepareMembersBulk(app, input),
);

/** Run it once confirmed: up to 100 members within this request, more as a job. */
export const startMembersBulkAction = defineAppAction(
  {
    name: 'members.bulk.start',
    permission: 'groups.edit',
    input: StartBulkInput,
    target: (i) => `job ${i.job}`,
    detail: (_i, r) => startedText(r as StartedBulk, 'member'),
  },
  (input, _operator, app) => startBulk(app, MEMBERS_BULK, input),
);
