'use client';

import { type ReactNode, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { copyText } from './copy-button';
import { Button } from './ui/button';

/** A value to copy (a token, a webhook's URL or secret): read-only, labelled, with Copy and a line about it. */
export function CopyField({ label, value, about }: { label: string; value: string; about?: ReactNode }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    await copyText(value, input.current);
    setCopied(true);
    toast.success(`${label} copied`);
  }
  return (
    <div>
      <label id={`${id}-label`} htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-slate-50 px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-800"
        />
        <Button variant="secondary" onClick={copy} aria-describedby={`${id}-label`}>
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      {about && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{about}</p>}
    </div>
  );
}
