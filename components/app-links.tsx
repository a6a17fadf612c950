'use client';

import { useContext } from 'react';
import { AddressText, Breakable } from '@/components/address-text';
import { RowLink } from '@/components/row-link';
import { AppContext } from '@/lib/app-context';
import { groupHref, jobHref, messagesHref, userHref } from '@/lib/domain/app-paths';
import type { TargetPart } from '@/lib/domain/audit-targets';

/**
 * Links to a user's or a group's page: every address and gid the console shows leads to its page,
 * so answering "why didn't maya get the message?" never means copying an address from one page
 * into another. Within the app on screen, or `app` where the page is console-wide (Audit log, Jobs).
 */
function useApp(app?: number): number {
  const onScreen = useContext(AppContext)?.id;
  const id = app ?? onScreen;
  if (id === undefined) throw new Error('A link to a user or a group needs its app');
  return id;
}

export function UserLink({ address, app }: { address: string; app?: number }) {
  return (
    <RowLink href={userHref(useApp(app), address)}>
      <AddressText address={address} />
    </RowLink>
  );
}

/** "Support crew (gid 12)", or "group 12" where the name is not known or empty. */
export function GroupLink({ gid, name, app }: { gid: number; name?: string; app?: number }) {
  return <RowLink href={groupHref(useApp(app), gid)}>{name ? `${name} (gid ${gid})` : `group ${gid}`}</RowLink>;
}

/** A message's mid: the message log filtered to that message. */
export function MidLink({ mid, app }: { mid: number; app?: number }) {
  return <RowLink href={messagesHref(useApp(app), { mid })}>{mid}</RowLink>;
}

/** An audit entry's target with the user, group or job it names linked (lib/domain/audit-targets.ts). */
export function TargetLinks({ parts, app }: { parts: TargetPart[]; app?: number }) {
  return (
    <>
      {parts.map((p, i) => {
        const key = `${i}`;
        if (typeof p === 'string') return <span key={key}>{p}</span>;
        if ('operator' in p) return <Breakable key={key} text={p.operator} />;
        if ('job' in p)
          return (
            <RowLink key={key} href={jobHref(p.job)}>
              job {p.job}
            </RowLink>
          );
        if (app === undefined) return <span key={key}>{'user' in p ? p.user : `gid ${p.gid}`}</span>;
        return 'user' in p ? (
          <UserLink key={key} address={p.user} app={app} />
        ) : (
          <RowLink key={key} href={groupHref(app, p.gid)}>
            gid {p.gid}
          </RowLink>
        );
      })}
    </>
  );
}
