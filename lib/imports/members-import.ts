import 'server-only';
import type { Db } from '@/lib/db/types';
import type { JobEnd, JobHandler, JobWork } from '@/lib/jobs/runner';
import type { JobStore, StagedRow } from '@/lib/jobs/store';
import type { GroupsSource, MemberImportRow, UsersSource } from '@/lib/sources/types';
import { applyRows, knownUsers } from './apply';
import { readMembersCsv } from './members-csv';
import { type DryRun, problemText, stageImport } from './staging';
import { newAddressIssue } from './users-csv';

/**
 * Import members into one group: a file staged into a draft job with its dry run (nothing
 * changes), then a job that applies it with groupeditmembers, at most 1,000 addresses a call,
 * each call's outcome its rows'. Members must be users: where the backend lists its users, an
 * address that is not one is a problem of its row; on a directory app (mesibo's cloud), one the
 * directory does not know is offered to be added to it first (Add them to the directory too),
 * and otherwise skipped.
 */
export const MEMBERS_IMPORT = 'members.import';
export interface MembersImportOptions {
  gid: number;
  /** Add them to the directory too: addresses the directory does not know become its users first. */
  addUnknown: boolean;
  skipInvalid: boolean;
}
/** Rows a job takes at a time: a call or a few (one per set of permissions), at most 1,000 addresses each. */
const BATCH = 1000;

const NOT_A_USER = 'No user has this address in this app: import or create the user first.';
const NOT_IN_DIRECTORY = "Not in this app's directory, and Add them to the directory too was not ticked.";

type Perms = { send: boolean; recv: boolean };
const planOf = (row: Perms, member: Perms | undefined) =>
  !member ? 'new' : member.send === row.send && member.recv === row.recv ? 'same' : 'change';

export function stageMembersImport(
  db: Db,
  store: JobStore,
  jobId: number,
  file: string,
  body: AsyncIterable<Uint8Array>,
  sources: { users: UsersSource; groups: GroupsSource },
  gid: number,
): Promise<DryRun> {
  const { users, groups } = sources;
  const read = (stage: (rows: StagedRow[]) => Promise<void>) =>
    readMembersCsv(body, async (batch) => {
      const addresses = batch.filter((r) => !r.problem).map((r) => r.values.address);
      const known = await users.known(addresses);
      const members = await groups.memberships(gid, addresses);
      const staged: StagedRow[] = batch.map((r) => {
        const { address } = r.values;
        const unknown = !r.problem && known !== undefined && !known.has(address);
        // A directory app learns an unknown address as a user: it meets the rule for new addresses.
        const problem =
          r.problem ??
          (unknown && !users.keptHere ? { column: 'address' as const, reason: NOT_A_USER } : undefined) ??
          (unknown ? newAddressIssue(address) : undefined);
        return {
          n: r.n,
          line: r.line,
          key: address,
          data: r.values as unknown as Record<string, unknown>,
          problem: problemText(problem),
          plan: problem
            ? undefined
            : unknown
              ? 'unknown'
              : members
                ? planOf(r.values, members.get(address))
                : undefined,
        };
      });
      await stage(staged);
    });
  return stageImport(db, store, jobId, file, read, 'this address');
}

/**
 * The job: rows in file order, 1,000 at a time (applyRows). Addresses that are not users are
 * skipped saying why, or first added to the directory (Add them to the directory too); members
 * already as the file says are skipped; the rest go to the group through the app's groups
 * source, which writes each call's outcome with its effect.
 */
export function membersImportHandler(deps: {
  /** The app's users and groups for the job's operator, or why the job may no longer run. */
  sourcesFor(work: JobWork): Promise<{ users: UsersSource; groups: GroupsSource } | string>;
  concurrency: number;
}): JobHandler {
  return {
    async run(work: JobWork): Promise<JobEnd> {
      const options = work.job.options as unknown as MembersImportOptions;
      const sources = await deps.sourcesFor(work);
      if (typeof sources === 'string') return { state: 'failed', message: sources };
      const { users, groups } = sources;
      return applyRows(work, BATCH, async (valid, ledger) => {
        const rows: MemberImportRow[] = valid.map((r) => ({
          n: r.n,
          ...(r.data as unknown as Perms & { address: string }),
        }));
        const known = await knownUsers(
          users,
          rows.map((r) => r.address),
          deps.concurrency,
        );
        const unknown = rows.filter((r) => !known.has(r.address));
        const learn = users.keptHere && options.addUnknown;
        if (unknown.length && learn) await users.learn(unknown.map((r) => r.address));
        else if (unknown.length)
          await ledger.settle(
            unknown.map((r) => ({
              n: r.n,
              outcome: 'skipped',
              message: users.keptHere ? NOT_IN_DIRECTORY : NOT_A_USER,
            })),
          );
        const toApply = learn ? rows : rows.filter((r) => known.has(r.address));
        const members = await groups.memberships(
          options.gid,
          toApply.map((r) => r.address),
        );
        const same = members ? toApply.filter((r) => planOf(r, members.get(r.address)) === 'same') : [];
        if (same.length)
          await ledger.settle(
            same.map((r) => ({ n: r.n, outcome: 'skipped', message: 'Already a member as in the file.' })),
          );
        const sameNs = new Set(same.map((r) => r.n));
        const apply = toApply.filter((r) => !sameNs.has(r.n));
        for (const r of apply)
          ledger.okMessages.set(
            r.n,
            !members
              ? 'Added, or its permissions set.'
              : members.has(r.address)
                ? 'Permissions changed.'
                : 'Added to the group.',
          );
        if (apply.length && !ledger.stopping()) await groups.importMembers(options.gid, apply, ledger);
      });
    },
  };
}
