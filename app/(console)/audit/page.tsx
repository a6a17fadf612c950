import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { Forbidden } from '@/components/forbidden';
import { Button } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/states';
import { TableScroll } from '@/components/ui/table-scroll';
import { pageOperator } from '@/lib/auth/page-guard';
import { readAudit } from '@/lib/dal/audit';
import { type RawSearchParams, singleValues } from '@/lib/validations/search-params';

export const metadata: Metadata = { title: 'Audit log' };

const Filter = z.object({
  operator: z.string().trim().max(320).catch('').default(''),
  action: z.string().trim().max(64).catch('').default(''),
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

const OUTCOME_STYLE: Record<string, string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  denied: 'text-red-700 dark:text-red-400',
  failed: 'text-amber-700 dark:text-amber-400',
  invalid: 'text-amber-700 dark:text-amber-400',
};

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  if (!(await pageOperator('audit.view', '/audit'))) return <Forbidden />;
  const filter = Filter.parse(singleValues(await searchParams));
  const { rows, next, actions } = await readAudit({
    operator: filter.operator || undefined,
    action: filter.action || undefined,
    before: filter.before,
  });
  const nextParams = new URLSearchParams({
    ...(filter.operator ? { operator: filter.operator } : {}),
    ...(filter.action ? { action: filter.action } : {}),
  });
  const exportParams = nextParams.toString(); // the filter, before `before` is added
  if (next) nextParams.set('before', String(next));
  return (
    <>
      <PageHeader title="Audit log">
        {/* A plain download link: the route handler checks the role again and streams the CSV. */}
        <a
          href={`/api/audit/export${exportParams ? `?${exportParams}` : ''}`}
          download
          className="inline-flex min-h-9 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Download CSV
        </a>
      </PageHeader>
      {/* A plain GET form: filtering works without JavaScript, and the URL keeps the filter. */}
      <form
        method="get"
        aria-label="Filter audit log"
        className="mb-4 grid gap-3 sm:grid-cols-[1fr_14rem_auto] sm:items-end"
      >
        <div>
          <label htmlFor="audit-operator" className="mb-1 block text-sm font-medium">
            Operator
          </label>
          <input
            id="audit-operator"
            name="operator"
            type="email"
            defaultValue={filter.operator}
            placeholder="operator e-mail"
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </div>
        <div>
          <label htmlFor="audit-action" className="mb-1 block text-sm font-medium">
            Action
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={filter.action}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="No audit entries match" />
      ) : (
        <TableScroll
          label="Audit log entries"
          className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        >
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 uppercase dark:border-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Time
                </th>
                <th scope="col" className="px-3 py-2">
                  Operator
                </th>
                <th scope="col" className="px-3 py-2">
                  Action
                </th>
                <th scope="col" className="px-3 py-2">
                  Target
                </th>
                <th scope="col" className="px-3 py-2">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2 whitespace-nowrap">{new Date(r.ts * 1000).toLocaleString()}</td>
                  <td className="px-3 py-2 break-all">
                    {r.operatorEmail}
                    <span className="block text-xs text-slate-500 dark:text-slate-400">{r.role}</span>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                  <td className="px-3 py-2 break-all">{r.target || '—'}</td>
                  <td className={`px-3 py-2 ${OUTCOME_STYLE[r.outcome] ?? ''}`}>
                    {r.outcome}
                    {r.detail && <span className="block text-xs text-slate-500 dark:text-slate-400">{r.detail}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div className="mt-4 flex justify-end gap-2">
        {filter.before && (
          <Link
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
            href={`/audit?${new URLSearchParams({ ...(filter.operator ? { operator: filter.operator } : {}), ...(filter.action ? { action: filter.action } : {}) })}`}
          >
            Newest
          </Link>
        )}
        {next && (
          <Link
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
            href={`/audit?${nextParams}`}
          >
            Older entries
          </Link>
        )}
      </div>
    </>
  );
}
