import 'server-only';
import type { Db } from '@/lib/db/types';
import { fieldChanges } from '@/lib/domain/audit-changes';
import { MEMBERS_BULK_ACTIONS, type MembersBulkAction, PERMISSION_OF } from '@/lib/domain/member-bulk-actions';
import { applyRows } from '@/lib/imports/apply';
import type { JobEnd, JobHandler, JobWork } from '@/lib/jobs/runner';
import type { JobStore, PendingRow } from '@/lib/jobs/store';
import type { MembersEdit, RowResult, Sources } from '@/lib/sources/types';
import { auditedRows, auditingLedger, type BulkTarget, draftBulk, type RowAudit } from './draft';

/**
 * A bulk action on a group's members (Remove, Can send or Can receive on or off) as a job: the
 * members are taken when it is prepared (a selection, or every member whose address starts with
 * the filter then), with their permissions where the list showed them; it runs in chunks of
 * groupeditmembers, as Import members does, and each member changed is audited as its own switch
 * or Remove would be, naming the job. A member who left since, or is already as asked, is
 * skipped, where the backend can tell at once (the bundled one).
 */
export const MEMBERS_BULK = 'members.bulk';

export type MembersBulkOptions = {
  gid: number;
  action: MembersBulkAction;
};

/** A member as taken: its address, and its permissions when the list read them. */
export type MemberTarget = { address: string; send?: boolean; recv?: boolean };

export function draftMembersBulk(
  store: JobStore,
  draft: { appId: number; operator: { id: number; email: string }; options: MembersBulkOptions; title: string },
  pages: AsyncIterable<readonly MemberTarget[]> | Iterable<readonly MemberTarget[]>,
  max: number,
): Promise<{ job: number; count: number }> {
  return draftBulk(store, { ...draft, kind: MEMBERS_BULK }, targetsOf(pages), max);
}

async function* targetsOf(pages: AsyncIterable<readonly MemberTarget[]> | Iterable<readonly MemberTarget[]>) {
  for await (const page of pages)
    yield page.map(({ address, ...perms }): BulkTarget => ({ key: address, data: perms }));
}

const OK_MESSAGES: Record<MembersBulkAction['kind'], string> = {
  remove: 'Removed.',
  sendOn: 'Can send turned on.',
  sendOff: 'Can send turned off.',
  recvOn: 'Can receive turned on.',
  recvOff: 'Can receive turned off.',
};

/** Rows a job reads at a time (groupeditmembers takes up to 1,000 of them in one call). */
const BATCH = 1000;

type Perms = { send: boolean; recv: boolean };
type Shown = { 'can send': boolean | null; 'can receive': boolean | null };
const shown = (p: Partial<Perms> | undefined): Shown => ({
  'can send': p?.send ?? null,
  'can receive': p?.recv ?? null,
});
/** What the row's data says of the member's permissions when taken (a list that showed them). */
const takenPerms = (row: PendingRow): Perms | undefined =>
  typeof row.data.send === 'boolean' && typeof row.data.recv === 'boolean'
    ? { send: row.data.send, recv: row.data.recv }
    : undefined;

export function membersBulkHandler(deps: {
  sourcesFor(work: JobWork): Promise<Sources | string>;
  db: () => Promise<Db>;
}): JobHandler {
  return {
    async run(work: JobWork): Promise<JobEnd> {
      const { gid, action } = work.job.options as unknown as MembersBulkOptions;
      const sources = await deps.sourcesFor(work);
      if (typeof sources === 'string') return { state: 'failed', message: sources };
      const db = await deps.db();
      const { groups } = sources;
      const edit: MembersEdit =
        action.kind === 'remove'
          ? { remove: true }
          : { permissions: { [PERMISSION_OF[action.kind].which]: PERMISSION_OF[action.kind].on } };
      return applyRows(work, BATCH, async (rows, ledger) => {
        for (const r of rows) ledger.okMessages.set(r.n, OK_MESSAGES[action.kind]);
        // Who is a member now, and how, where the backend can tell at once; else as taken.
        const now = await groups.memberships(
          gid,
          rows.map((r) => r.key),
        );
        const skipped: RowResult[] = [];
        const audits = new Map<number, RowAudit>();
        const go: PendingRow[] = [];
        for (const row of rows) {
          const before = now ? now.get(row.key) : takenPerms(row);
          const skip = (message: string) => skipped.push({ n: row.n, outcome: 'skipped', message });
          if (now && !before) {
            skip('Not a member any more.');
            continue;
          }
          if (action.kind !== 'remove' && now && before) {
            const p = PERMISSION_OF[action.kind];
            if (before[p.which] === p.on) {
              skip(`Already ${MEMBERS_BULK_ACTIONS[action.kind].done}.`);
              continue;
            }
          }
          go.push(row);
          audits.set(row.n, rowAudit(gid, row.key, action, before));
        }
        if (skipped.length && (await ledger.settle(skipped))) return;
        if (!go.length) return;
        await groups.editMembers(
          gid,
          go.map((r) => ({ n: r.n, address: r.key })),
          edit,
          auditingLedger(ledger, db, (results) => auditedRows(work.job, results, audits, groups.reads)),
        );
      });
    },
  };
}

/** The member's entry, as its own switch or Remove writes it: what changed, the value before where known. */
function rowAudit(gid: number, address: string, action: MembersBulkAction, before: Perms | undefined): RowAudit {
  const target = `gid ${gid}: ${address}`;
  if (action.kind === 'remove')
    return {
      action: 'group.member.remove',
      target,
      fields: fieldChanges(before ? shown(before) : undefined, shown(undefined), ['can send', 'can receive']),
    };
  const p = PERMISSION_OF[action.kind];
  const field = p.which === 'send' ? 'can send' : 'can receive';
  return {
    action: 'group.member.permissions',
    target,
    fields: fieldChanges(before ? shown(before) : undefined, shown({ [p.which]: p.on }), [field]),
  };
}
