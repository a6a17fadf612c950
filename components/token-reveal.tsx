'use client';

import type { ReactNode } from 'react';
import { CopyField } from './copy-field';
import { Time } from './time';
import { Button } from './ui/button';

/**
 * Shows a freshly issued token once (a user's access token, an app token), read-only, with
 * Copy and the warning that it will not be shown again.
 */
export function TokenReveal({
  token,
  label = 'Access token',
  about,
  replaces,
  onDone,
}: {
  token: string;
  label?: string;
  /** A line under the token: what it is for and how long it lasts. */
  about: ReactNode;
  /** What a new one replaces ("Issuing a new one for this App ID replaces it."). */
  replaces: string;
  onDone: () => void;
}) {
  return (
    <div className="space-y-3">
      <CopyField label={label} value={token} about={about} />
      <p
        role="note"
        className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        Copy it now: this token will not be shown again. {replaces}
      </p>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}

/** A user's new access token: its App ID and expiry under it. */
export function AccessTokenReveal(props: { token: string; appid: string; expires: number; onDone: () => void }) {
  return (
    <TokenReveal
      token={props.token}
      onDone={props.onDone}
      replaces="Issuing a new one for this App ID replaces it."
      about={
        <>
          App ID {props.appid} ·{' '}
          {props.expires === 0 ? (
            'never expires'
          ) : (
            <>
              expires <Time ts={props.expires} />
            </>
          )}
        </>
      }
    />
  );
}
