import type { ReactNode } from 'react';
import { TableScroll } from '@/components/ui/table-scroll';
import type { DryRun } from '@/lib/imports/staging';

/**
 * What a checked file would do (an import's dry run): its totals in the import's words,
 * ignored columns, the first problems. `totals`: label and count, in order; `note`: what the
 * counts cannot tell (rows checked only during the job).
 */
export function ImportSummary({
  summary,
  totals,
  note,
}: {
  summary: DryRun;
  totals: [string, number][];
  note?: ReactNode;
}) {
  const n = (v: number) => v.toLocaleString('en');
  return (
    <div className="space-y-3">
      <dl aria-label="Dry run" className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        {totals.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
            <dd className="font-semibold tabular-nums">{n(value)}</dd>
          </div>
        ))}
      </dl>
      {note && <p className="text-xs text-slate-600 dark:text-slate-300">{note}</p>}
      {summary.ignored.length > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          Ignored columns: {summary.ignored.map((c) => `“${c}”`).join(', ')}.
        </p>
      )}
      {summary.problems.length > 0 && (
        <TableScroll label="Problems" className="max-h-64 overflow-y-auto">
          <table className="w-full text-left text-xs">
            <caption className="mb-1 text-left text-sm font-medium">
              {summary.invalid > summary.problems.length
                ? `The first ${n(summary.problems.length)} of ${n(summary.invalid)} problems`
                : `${n(summary.problems.length)} ${summary.problems.length === 1 ? 'problem' : 'problems'}`}
            </caption>
            <thead>
              <tr>
                <th className="py-1 pr-2">Line</th>
                <th className="py-1 pr-2">Column</th>
                <th className="py-1">Reason</th>
              </tr>
            </thead>
            <tbody>
              {summary.problems.map((p) => (
                <tr key={`${p.line}-${p.column}`} className="border-t border-slate-200 dark:border-slate-700">
                  <td className="py-1 pr-2 tabular-nums">{n(p.line)}</td>
                  <td className="py-1 pr-2 font-mono">{p.column}</td>
                  <td className="py-1 break-words">{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}
