'use client';

import { useState } from 'react';
import type { SessionView } from '@/lib/dal/sessions';
import { type Column, DataTable } from './data-table';
import { Time } from './time';
import { Button } from './ui/button';
import { EmptyState } from './ui/states';

/**
 * An operator's open sessions (the Account page, and an admin's Sessions of … page): the
 * browser, where from, started, last used, this one marked; each other one with Sign out.
 */
export function SessionsTable({
  sessions,
  onEnd,
  pending,
}: {
  sessions: SessionView[];
  /** Sign out of the session with this handle. */
  onEnd: (handle: string) => void;
  /** A Sign out is on its way (the button clicked waits). */
  pending: boolean;
}) {
  const [clicked, setClicked] = useState<string>();
  const ending = pending ? clicked : undefined;
  const columns: Column<SessionView>[] = [
    {
      header: 'Browser',
      cell: (s) => (
        <>
          {s.browser}
          {s.current && (
            <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
              This session
            </span>
          )}
          {s.stage === 'code' && (
            <span className="mt-1 block text-xs text-amber-800 dark:text-amber-300">
              Password right; the authentication code is not typed yet
            </span>
          )}
        </>
      ),
    },
    { header: 'Client address', cell: (s) => <span className="font-mono text-xs">{s.clientAddress}</span> },
    { header: 'Started', className: 'whitespace-nowrap', cell: (s) => <Time ts={s.startedTs} /> },
    { header: 'Last used', className: 'whitespace-nowrap', cell: (s) => <Time ts={s.lastUsedTs} /> },
    {
      header: 'Actions',
      srHeader: true,
      className: 'text-right',
      cell: (s) =>
        s.current ? null : (
          <Button
            variant="ghost"
            disabled={ending === s.handle}
            onClick={() => {
              setClicked(s.handle);
              onEnd(s.handle);
            }}
          >
            {ending === s.handle ? 'Signing out…' : 'Sign out'}
          </Button>
        ),
    },
  ];
  return (
    <DataTable
      label="Sessions"
      caption="Open sessions"
      columns={columns}
      rows={sessions}
      rowKey={(s) => s.handle}
      empty={<EmptyState title="No open sessions" />}
    />
  );
}
