'use client';

import { type Column, DataTable } from '@/components/data-table';
import { EnvironmentBadge } from '@/components/environment-badge';
import { RowLink } from '@/components/row-link';
import { Time } from '@/components/time';
import { EmptyState } from '@/components/ui/states';
import type { AppSummary } from '@/lib/dal/apps';
import { KIND_LABELS, STATE_LABELS } from '@/lib/domain/apps';
import { NewAppDialog } from './new-app-dialog';

const COLUMNS: Column<AppSummary>[] = [
  {
    header: 'Name',
    sort: (a, b) => a.name.localeCompare(b.name),
    cell: (a) => (
      <>
        <RowLink href={`/apps/${a.id}/settings`}>{a.name || `App ${a.id}`}</RowLink>
        {a.isDefault && <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">(default)</span>}
      </>
    ),
  },
  { header: 'Kind', cell: (a) => KIND_LABELS[a.kind] },
  { header: 'Environment', cell: (a) => <EnvironmentBadge environment={a.environment} /> },
  {
    header: 'State',
    cell: (a) => (
      <span className={a.state === 'enabled' ? '' : 'font-medium text-amber-700 dark:text-amber-400'}>
        {STATE_LABELS[a.state]}
      </span>
    ),
  },
  {
    header: 'Client addresses',
    cell: (a) => (a.kind === 'bundled' && a.limit !== undefined ? `${a.addresses ?? 0} of ${a.limit}` : '—'),
  },
  {
    header: 'Created',
    className: 'whitespace-nowrap',
    sort: (a, b) => a.createdTs - b.createdTs,
    cell: (a) => <Time ts={a.createdTs} />,
  },
];

/** Every app the console knows, bundled and remote, each linking to its settings. */
export function AppsView({ apps, bundledAvailable }: { apps: AppSummary[]; bundledAvailable: boolean }) {
  return (
    <div className="space-y-6">
      <NewAppDialog bundledAvailable={bundledAvailable} />
      <DataTable
        label="Apps"
        caption="Apps: name, kind, environment, state, client addresses, created"
        columns={COLUMNS}
        rows={apps}
        rowKey={(a) => String(a.id)}
        empty={<EmptyState title="No apps yet">Create one with New app.</EmptyState>}
      />
    </div>
  );
}
