'use client';

import { type ReactNode, useState } from 'react';
import { type ActionError, mayPassOnRetry } from '@/lib/result';
import { useHydrated } from '@/lib/use-hydrated';
import { type Column, type SortBy, TableHead } from './data-table-head';
import { Pager, type Paging } from './pager';
import { Button } from './ui/button';
import { ErrorNotice, Spinner } from './ui/states';
import { TableScroll } from './ui/table-scroll';

/**
 * Every table of the console: caption, columns, the loading / empty / error states, keyset
 * paging, optional row selection (for bulk actions) and client-side sorting where all rows
 * are at hand. Below `sm` each row is a card (every cell on its own line, labelled with its
 * column), so a phone shows every column without scrolling; from `sm` up it is a table that,
 * when wider than the screen, scrolls sideways inside its own named region.
 */
export type { Column, Paging };

/**
 * On a phone, a cell is a line of its card: its column's name (`data-label`), then its value,
 * which may be narrower than its longest word (long values wrap instead of widening the page).
 */
export function DataTable<R>(props: {
  label: string;
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  loading?: boolean;
  /**
   * The rows on screen are the previous search's or page's while the new ones are on their way:
   * dimmed, and neither clickable nor reachable by keyboard (inert) until they come.
   */
  pending?: boolean;
  error?: ActionError;
  onRetry?: () => void;
  /** Shown when there are no rows and nothing failed. */
  empty: ReactNode;
  paging?: Paging;
  /** Row selection: the selected keys and who to tell. */
  selection?: { selected: ReadonlySet<string>; onChange: (next: Set<string>) => void };
  /** The table's least width from `sm` up, as a literal class (e.g. "sm:min-w-[44rem]"). */
  minWidth?: string;
  /**
   * Rows the server renders (and the page hydrates); the others follow at once in the browser.
   * A page of 100 members as HTML was 139 KB and its last 75 rows below the first screen: the
   * first screen comes as soon, the page's HTML stays small.
   */
  serverRows?: number;
}) {
  const hydrated = useHydrated();
  const [sortBy, setSortBy] = useState<SortBy>();
  const sorter = sortBy && props.columns[sortBy.column]?.sort;
  const rows = sorter ? [...props.rows].sort((a, b) => (sortBy.ascending ? 1 : -1) * sorter(a, b)) : props.rows;
  const { selection } = props;
  const allSelected =
    selection !== undefined && rows.length > 0 && rows.every((r) => selection.selected.has(props.rowKey(r)));
  const select = (keys: string[], on: boolean) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    for (const k of keys)
      if (on) next.add(k);
      else next.delete(k);
    selection.onChange(next);
  };
  return (
    <div className="space-y-3">
      {props.error && (
        <ErrorNotice error={props.error}>
          {props.onRetry && mayPassOnRetry(props.error) && (
            <Button variant="secondary" className="mt-2" onClick={props.onRetry}>
              Retry
            </Button>
          )}
        </ErrorNotice>
      )}
      {props.loading && <Spinner label={`Loading ${props.label.toLowerCase()}`} />}
      <TableScroll
        label={`${props.label} table`}
        className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <table className={`w-full text-left text-sm max-sm:block ${props.minWidth ?? 'sm:min-w-[40rem]'}`}>
          <caption className="sr-only">{props.caption}</caption>
          <TableHead
            columns={props.columns}
            sortBy={sortBy}
            onSort={setSortBy}
            allSelected={selection ? allSelected : undefined}
            onSelectAll={(on) => select(rows.map(props.rowKey), on)}
          />
          <tbody
            aria-busy={props.loading}
            inert={props.pending}
            className={`max-sm:block ${props.pending ? 'opacity-50 transition-opacity' : ''}`}
          >
            {(hydrated || props.serverRows === undefined ? rows : rows.slice(0, props.serverRows)).map((r) => {
              const key = props.rowKey(r);
              return (
                <tr key={key} className="data-row">
                  {selection && (
                    <td className="data-cell">
                      <input
                        type="checkbox"
                        aria-label={`Select ${key}`}
                        checked={selection.selected.has(key)}
                        onChange={(e) => select([key], e.target.checked)}
                      />
                    </td>
                  )}
                  {props.columns.map((c) => (
                    <td
                      key={c.header}
                      data-label={c.srHeader ? undefined : c.header}
                      className={c.className ? `data-cell ${c.className}` : 'data-cell'}
                    >
                      {/* One grid item on a phone's card, whatever the cell holds (.data-cell sets its min-width). */}
                      <div>{c.cell(r)}</div>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {!props.loading && !props.error && rows.length === 0 && props.empty}
      {props.paging && <Pager {...props.paging} />}
    </div>
  );
}
