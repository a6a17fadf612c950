'use client';

import { type ReactNode, useState } from 'react';
import { type ActionError, mayPassOnRetry } from '@/lib/result';
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
const CARD_CELL =
  'max-sm:block max-sm:py-1 max-sm:data-[label]:grid max-sm:data-[label]:grid-cols-[6rem_minmax(0,1fr)] max-sm:data-[label]:gap-3 max-sm:data-[label]:before:text-xs max-sm:data-[label]:before:text-slate-500 max-sm:data-[label]:before:uppercase max-sm:data-[label]:before:content-[attr(data-label)] dark:max-sm:data-[label]:before:text-slate-400';
const ROW = 'border-b border-slate-100 align-top last:border-0 max-sm:block max-sm:py-2 dark:border-slate-800';

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
}) {
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
            {rows.map((r) => {
              const key = props.rowKey(r);
              return (
                <tr key={key} className={ROW}>
                  {selection && (
                    <td className="px-3 py-2 max-sm:block max-sm:py-1">
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
                      className={`px-3 py-2 break-words ${CARD_CELL} ${c.className ?? ''}`}
                    >
                      <div className="min-w-0">{c.cell(r)}</div>
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
