'use client';

import { useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Time } from './time';
import { Button } from './ui/button';

/** Shows a freshly issued access token once, read-only, with Copy and a warning. */
export function TokenReveal({
  token,
  appid,
  expires,
  onDone,
}: {
  token: string;
  appid: string;
  expires: number;
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
    toast.success('Access token copied');
  }
  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          Access token
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
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          App ID {appid} ·{' '}
          {expires === 0 ? (
            'never expires'
          ) : (
            <>
              expires <Time ts={expires} />
            </>
          )}
        </p>
      </div>
      <p
        role="note"
        className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        Copy it now: this token will not be shown again. Issuing a new one for this App ID replaces it.
      </p>
      <div className="flex justify-end">
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
