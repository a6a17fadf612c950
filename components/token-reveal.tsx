'use client';

import { type ReactNode, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
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
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
    } catch {
      // Clipboard API unavailable (plain http on another host): select it for Ctrl+C instead.
      input.current?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
    toast.success(`${label} copied`);
  }
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          {label}
        </label>
        <div className="flex gap-2">
          <input
            id={id}
            ref={input}
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
            className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-800"
          />
          <Button variant="secondary" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{about}</p>
      </div>
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
