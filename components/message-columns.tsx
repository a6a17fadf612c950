'use client';

import { GroupLink, MidLink, UserLink } from '@/components/app-links';
import type { Column } from '@/components/data-table';
import { Time } from '@/components/time';
import type { MessageRow } from '@/lib/dal/messages';

/** The columns of every list of messages (the message log, a user's and a group's recent ones), each address and group a link. */
export const MESSAGE_COLUMNS: Column<MessageRow>[] = [
  {
    header: 'Mid',
    className: 'tabular-nums',
    cell: (m) =>
      m.unconfirmed ? (
        <span className="text-amber-700 dark:text-amber-400">Unconfirmed: no answer</span>
      ) : (
        <MidLink mid={m.mid} />
      ),
  },
  { header: 'Sent', className: 'whitespace-nowrap', cell: (m) => <Time ts={m.ts} /> },
  { header: 'From', cell: (m) => <UserLink address={m.from} /> },
  {
    header: 'To',
    cell: (m) =>
      m.gid ? (
        <>
          <GroupLink gid={m.gid} name={m.groupname || undefined} />
          {m.recipients >= 0 && `, ${m.recipients} recipient${m.recipients === 1 ? '' : 's'}`}
        </>
      ) : (
        m.to.map((a, i) => (
          <span key={a}>
            {i > 0 && ', '}
            <UserLink address={a} />
          </span>
        ))
      ),
  },
  { header: 'Message', className: 'whitespace-pre-wrap', cell: (m) => m.message || m.url || '—' },
];

export const messageKey = (m: MessageRow) => `${m.mid}-${m.ts}-${m.from}`;
