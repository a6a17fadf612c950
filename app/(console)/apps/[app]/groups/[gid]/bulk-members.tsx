'use client';

import { BulkConfirm, BulkCounting, useBulkFlow } from '@/components/bulk-confirm';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import {
  MEMBERS_BULK_ACTIONS,
  type MembersBulkKind,
  membersBulkConsequence,
  membersBulkLabel,
  membersBulkOutcomeText,
} from '@/lib/domain/member-bulk-actions';
import { members } from '@/lib/queries/groups';
import { prepareMembersBulkAction, startMembersBulkAction } from '../bulk-actions';

/** What a bulk action on members acts on: the ticked addresses, or every member the filter matches. */
export type MembersTarget = { addresses: string[] } | { search: { q: string } };

const KINDS = Object.keys(MEMBERS_BULK_ACTIONS) as MembersBulkKind[];

/**
 * Remove N members, and Can send / Can receive on or off, for the chosen members of a group:
 * each counts them first (taken into a draft), then asks (the count typed in a Production app),
 * then runs: up to 100 at once, more as a job with its page.
 */
export function BulkMembers(props: {
  gid: number;
  target: MembersTarget;
  /** How many are chosen, where known (all of a list read in order: not yet). */
  count?: number;
  onDone: () => void;
}) {
  const { kind, choose, prepare, prepared, start, close } = useBulkFlow(
    { prepare: prepareMembersBulkAction, start: startMembersBulkAction },
    { invalidates: [members.all], outcome: membersBulkOutcomeText, onDone: props.onDone },
  );
  const open = (k: MembersBulkKind) => {
    choose(k);
    prepare.run({ gid: props.gid, kind: k, ...props.target });
  };
  return (
    <>
      {KINDS.map((k) => (
        <Button key={k} variant={MEMBERS_BULK_ACTIONS[k].danger ? 'danger' : 'secondary'} onClick={() => open(k)}>
          {k === 'remove'
            ? props.count === undefined
              ? 'Remove the members'
              : membersBulkLabel(k, props.count)
            : MEMBERS_BULK_ACTIONS[k].label}
        </Button>
      ))}
      <Dialog
        open={kind !== undefined}
        onOpenChange={(o) => !o && close()}
        title={kind ? MEMBERS_BULK_ACTIONS[kind].title : ''}
      >
        {kind && !prepared && <BulkCounting prepare={prepare} noun="member" onCancel={close} />}
        {kind && prepared && (
          <BulkConfirm
            start={start}
            prepared={prepared}
            spec={MEMBERS_BULK_ACTIONS[kind]}
            noun="member"
            submitLabel={membersBulkLabel(kind, prepared.count)}
            consequence={membersBulkConsequence(kind, prepared.count, props.gid)}
            onCancel={close}
          />
        )}
      </Dialog>
    </>
  );
}
