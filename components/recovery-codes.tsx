'use client';

import { useState } from 'react';
import { toast } from 'sonner';
import { copyText } from './copy-button';
import { Button } from './ui/button';

/**
 * Recovery codes, shown once right after they were made: the list, Copy (all of them) and
 * Download (a text file), and the warning that they will not be shown again.
 */
export function RecoveryCodes({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const body = `mesibo-admin recovery codes for ${email}\nEach code signs in once, in place of an authentication code.\n\n${codes.join('\n')}\n`;
  function download() {
    const url = URL.createObjectURL(new Blob([body], { type: 'text/plain' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: 'mesibo-admin-recovery-codes.txt' });
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <section aria-labelledby="recovery-codes" className="space-y-3">
      <h3 id="recovery-codes" className="font-medium">
        Your recovery codes
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        If you lose your device, each of these signs you in once in place of a code.
      </p>
      <ol aria-label="Recovery codes" className="grid grid-cols-1 gap-1 font-mono text-sm min-[420px]:grid-cols-2">
        {codes.map((c) => (
          <li key={c} className="rounded bg-slate-100 px-2 py-1 dark:bg-slate-800">
            {c}
          </li>
        ))}
      </ol>
      <p
        role="note"
        className="rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
      >
        Save them now, somewhere other than this device: they will not be shown again.
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button
          variant="secondary"
          onClick={async () => {
            if (!(await copyText(codes.join('\n'))))
              return void toast.error('Copying is not allowed here: use Download.');
            setCopied(true);
            toast.success('Recovery codes copied');
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </section>
  );
}
