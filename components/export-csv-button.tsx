'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/states';
import { fetchJson } from '@/lib/queries/fetch-json';
import { type ActionError, ActionFailure } from '@/lib/result';

/**
 * Export CSV of a list (operators and admins; the route checks the role again). It asks the
 * route first whether the export may start (`check=1`: the role, the app, the first page
 * read): a refusal or a backend that fails is shown here with its request id. Then the browser
 * downloads the file itself, streamed, so a million rows never sit in this page's memory.
 */
export function ExportCsvButton({ href, description }: { href: string; description: string }) {
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<string>();
  const [error, setError] = useState<ActionError>();
  async function start() {
    setBusy(true);
    setError(undefined);
    setStarted(undefined);
    try {
      const { file } = await fetchJson<{ file: string }>(`${href}${href.includes('?') ? '&' : '?'}check=1`);
      const link = document.createElement('a');
      link.href = href;
      link.download = file;
      document.body.append(link);
      link.click();
      link.remove();
      setStarted(file);
    } catch (e) {
      setError(e instanceof ActionFailure ? e.error : { code: 'internal', message: 'The export could not start.' });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="flex max-w-md flex-col gap-2">
      <Button variant="secondary" onClick={start} aria-busy={busy} disabled={busy} title={description}>
        Export CSV
      </Button>
      <p role="status" className="text-xs text-slate-600 empty:hidden dark:text-slate-400">
        {busy ? 'Preparing the export…' : started ? `Downloading ${started}` : ''}
      </p>
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
