'use client';

import { Breakable } from '@/components/address-text';
import { TargetLinks } from '@/components/app-links';
import { type Column, DataTable } from '@/components/data-table';
import { DayRangeFields } from '@/components/day-range-fields';
import { FilterForm } from '@/components/filter-form';
import { Time } from '@/components/time';
import { SelectField, TextField } from '@/components/ui/field';
import { EmptyState } from '@/components/ui/states';
import type { AuditRowDto } from '@/lib/dal/audit';
import { type Changes, changeText, DIRECTORY_BASIS } from '@/lib/domain/audit-changes';
import { AUDIT_OUTCOMES } from '@/lib/domain/audit-outcomes';
import { targetParts } from '@/lib/domain/audit-targets';
import { type AuditFilter, audit, NO_AUDIT_FILTER } from '@/lib/queries/audit';
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
    // An e-mail on one line where the table has room (it broke into three at 1280 px): its
    // break opportunities (<wbr>, which nowrap alone keeps) are dropped there; at a phone's width
    // it breaks where a reader expects (after the @, before a dot).
    className: 'lg:whitespace-nowrap lg:[&_wbr]:hidden',
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

/** What the form sends, each field trimmed (addresses and e-mails are matched in any case, never by their spaces). */
const filterOf = (v: Record<string, string>): AuditFilter => ({
  ...NO_AUDIT_FILTER,
  ...Object.fromEntries(Object.keys(NO_AUDIT_FILTER).map((k) => [k, (v[k] ?? '').trim()])),
});

/**
 * The audit log, newest first, filtered by what it was done to (Target), app, operator, action,
 * outcome and the days it was written (in the operator's time zone).
 */
export function AuditView(props: { list: ListState<AuditFilter, AuditRowDto>; actions: string[]; apps: AppName[] }) {
  const { filter } = props.list;
  const list = useList(audit, props.list);
  const filtered = Object.values(filter).some(Boolean);
  return (
    <div className="space-y-4">
      <FilterForm
        label="Filter audit log"
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 sm:items-start"
        filtered={filtered}
        onApply={(v) => list.setFilter(filterOf(v))}
        onClear={() => list.setFilter(NO_AUDIT_FILTER)}
      >
        <TextField
          label="Target"
          name="target"
          defaultValue={filter.target}
          autoComplete="off"
          hint="An address, an operator's e-mail, gid 12 or job 7, in any case."
        />
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
        <SelectField
          label="Outcome"
          name="outcome"
          defaultValue={filter.outcome}
          options={[['', 'Any outcome'], ...AUDIT_OUTCOMES.map((o) => [o, o] as const)]}
        />
        <DayRangeFields value={filter} problem={list.table.error} />
      </FilterForm>
      <DataTable
        label="Audit log entries"
        caption="Audit log, newest first"
        columns={columns(props.apps)}
        rowKey={(r) => String(r.id)}
        {...list.table}
        minWidth="sm:min-w-[44rem]"
        empty={<EmptyState title={filtered ? 'No audit entries match this filter' : 'No audit entries yet'} />}
      />
    </div>
  );
}
