'use client';

import { Breakable } from '@/components/address-text';
import { TargetLinks } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { FilterForm } from '@/components/filter-form';
import { Time } from '@/components/time';
import { SelectField, TextField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import type { AuditRowDto } from '@/lib/dal/audit';
import { type Changes, changeText, DIRECTORY_BASIS } from '@/lib/domain/audit-changes';
import { targetParts } from '@/lib/domain/audit-targets';
import { type AuditFilter, audit } from '@/lib/queries/audit';
import { type ListState, useList } from '@/lib/queries/use-list';

const OUTCOME_STYLE: Record<string, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  denied: 'text-red-700 dark:text-red-400',
  failed: 'text-amber-700 dark:text-amber-400',
  invalid: 'text-amber-700 dark:text-amber-400',
};

type AppName = { id: number; name: string };

/** What a change changed, a field a line ("active: true → false"), and where the before came from when it may be stale. */
function ChangeList({ changes }: { changes: Changes }) {
  return (
    <ul className="space-y-0.5 text-xs">
      {changes.fields.map((c) => (
        <li key={c.field}>
          <Breakable text={changeText(c)} />
        </li>
      ))}
      {changes.basis === 'directory' && <li className="text-slate-500 dark:text-slate-400">({DIRECTORY_BASIS})</li>}
    </ul>
  );
}

const columns = (apps: AppName[]): Column<AuditRowDto>[] => [
  { header: 'Time', className: 'whitespace-nowrap', cell: (r) => <Time ts={r.ts} /> },
  {
    header: 'App',
    cell: (r) =>
      r.appId === undefined ? (
        <span className="text-slate-500 dark:text-slate-400">Console</span>
      ) : (
        <Breakable text={apps.find((a) => a.id === r.appId)?.name || `App ${r.appId}`} />
      ),
  },
  {
    header: 'Operator',
    cell: (r) => (
      <>
        <Breakable text={r.operatorEmail} />
        <span className="block text-xs text-slate-500 dark:text-slate-400">{r.role}</span>
      </>
    ),
  },
  { header: 'Action', className: 'font-mono text-xs', cell: (r) => r.action },
  {
    header: 'Target',
    cell: (r) => (r.target ? <TargetLinks parts={targetParts(r.action, r.target)} app={r.appId} /> : '—'),
  },
  { header: 'Changes', cell: (r) => (r.changes ? <ChangeList changes={r.changes} /> : '—') },
  {
    header: 'Outcome',
    cell: (r) => (
      <span className={OUTCOME_STYLE[r.outcome] ?? ''}>
        {r.outcome}
        {r.repeats > 1 && (
          <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">
            ×{r.repeats.toLocaleString('en')} (the last <Time ts={r.lastTs} />)
          </span>
        )}
        {r.detail && <span className="block text-xs text-slate-500 dark:text-slate-400">{r.detail}</span>}
      </span>
    ),
  },
];

/** The audit log, newest first, filtered by app, operator and action. */
export function AuditView(props: { list: ListState<AuditFilter, AuditRowDto>; actions: string[]; apps: AppName[] }) {
  const { filter } = props.list;
  const list = useList(audit, props.list);
  return (
    <div className="space-y-4">
      <FilterForm
        label="Filter audit log"
        className="grid gap-3 sm:grid-cols-[12rem_1fr_14rem_auto] sm:items-end"
        filtered={Boolean(filter.operator || filter.action || filter.app)}
        onApply={(v) =>
          list.setFilter({ operator: (v.operator ?? '').trim(), action: v.action ?? '', app: v.app ?? '' })
        }
        onClear={() => list.setFilter({ operator: '', action: '', app: '' })}
      >
        <SelectField
          label="App"
          name="app"
          defaultValue={filter.app}
          options={[['', 'All apps'], ...props.apps.map((a) => [String(a.id), a.name || `App ${a.id}`] as const)]}
        />
        <TextField
          label="Operator"
          name="operator"
          type="email"
          defaultValue={filter.operator}
          placeholder="operator e-mail"
        />
        <SelectField
          label="Action"
          name="action"
          defaultValue={filter.action}
          options={[['', 'All actions'], ...props.actions.map((a) => [a, a] as const)]}
        />
      </FilterForm>
      <DataTable
        label="Audit log entries"
        caption="Audit log, newest first"
        columns={columns(props.apps)}
        rowKey={(r) => String(r.id)}
        {...list.table}
        minWidth="sm:min-w-[44rem]"
        empty={<EmptyState title="No audit entries match" />}
      />
    </div>
  );
}
