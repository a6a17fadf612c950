import { TableScroll } from '@/components/ui/table-scroll';
import type { DryRun, ImportMode } from '@/lib/imports/users-import';

const MODE_WORDS = {
  directory: ['Add to directory', 'No backend call: the console learns users made elsewhere (uid and app_ids kept).'],
  backend: ['Create on the backend', 'A useradd per row with only the columns the file has. No tokens are issued.'],
} as const;

/** What a checked file would do (the dry run): totals, ignored columns, the first problems. */
export function ImportSummary({ summary }: { summary: DryRun }) {
  const n = (v: number) => v.toLocaleString('en');
  const totals: [string, number][] = [
    ['Rows', summary.rows],
    ['New', summary.new],
    ['Already known, unchanged', summary.same],
    ['Changes to known users', summary.changes],
    ['Invalid', summary.invalid],
  ];
  if (summary.unchecked) totals.push(['Checked during the import', summary.unchecked]);
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
      {summary.unchecked > 0 && (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          This app's backend is remote: which rows are new is told during the import, not by looking up{' '}
          {n(summary.unchecked)} users first.
        </p>
      )}
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

/** How a checked file may be applied here, the first choice preselected. */
export function ImportModes({ modes }: { modes: readonly ImportMode[] }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">How to apply it</legend>
      {modes.map((m, i) => (
        <label key={m} className="flex gap-2 text-sm">
          <input type="radio" name="mode" value={m} defaultChecked={i === 0} className="mt-1" />
          <span>
            <span className="font-medium">{MODE_WORDS[m][0]}</span>
            <span className="block text-xs text-slate-600 dark:text-slate-300">{MODE_WORDS[m][1]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
