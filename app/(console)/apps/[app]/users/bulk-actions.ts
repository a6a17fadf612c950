'use server';

import { defineAppAction } from '@/lib/actions/run';
import { USERS_BULK } from '@/lib/bulk/users-bulk';
import { prepareUsersBulk, type StartedBulk, startBulk } from '@/lib/dal/bulk';
import { startedText, USERS_BULK_ACTIONS } from '@/lib/domain/bulk-actions';
import { PrepareUsersBulkInput, StartBulkInput } from '@/lib/validations/bulk';

/** Every permission a bulk action on users may need: a role with none of them is refused before its input is read. */
const ANY_BULK = [...new Set(Object.values(USERS_BULK_ACTIONS).map((a) => a.permission))];

/** Act on many users: the selection or the search taken into a draft, counted exactly for the confirmation. */
export const prepareUsersBulkAction = defineAppAction(
  {
    name: 'users.bulk.prepare',
    permission: { anyOf: ANY_BULK, needs: (i) => [USERS_BULK_ACTIONS[i.action.kind].permission] },
    input: PrepareUsersBulkInput,
    target: (i) =>
      `${USERS_BULK_ACTIONS[i.action.kind].label}: ${i.addresses ? `${i.addresses.length} selected` : 'a search'}`,
    subjects: (i) => i.addresses ?? [],
    detail: (_i, r) => {
      const prepared = r as Awaited<ReturnType<typeof prepareUsersBulk>>;
      return `job ${prepared.job}: ${prepared.count.toLocaleString('en')} users (${prepared.described})`;
    },
  },
  (input, _operator, app) => prepareUsersBulk(app, input),
);

/** Run it once confirmed: up to 100 users within this request, more as a job. */
export const startUsersBulkAction = defineAppAction(
  {
    name: 'users.bulk.start',
    permission: { anyOf: ANY_BULK, needs: () => [] },
    input: StartBulkInput,
    target: (i) => `job ${i.job}`,
    detail: (_i, r) => startedText(r as StartedBulk, 'user'),
  },
  (input, _operator, app) => startBulk(app, USERS_BULK, input),
);
