'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from './ui/button';

/**
 * Puts `value` on the clipboard; where the Clipboard API is unavailable (plain http on another
 * host), selects `fallback` (the field that shows it) for Ctrl+C instead. Returns whether it copied.
 */
export async function copyText(value: string, fallback?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    fallback?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/** "Copy address", "Copy uid", "Copy gid": a small button next to the value it copies. */
export function CopyButton({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      className="min-h-7 px-2 py-0.5 text-xs font-normal"
      onClick={async () => {
        if (!(await copyText(value))) {
          toast.error('Copying is not allowed here: select the value and press Ctrl+C.');
          return;
        }
        setCopied(true);
        toast.success(`${label.replace(/^Copy /, '')} copied`);
      }}
    >
      {copied ? 'Copied' : label}
    </Button>
  );
}
