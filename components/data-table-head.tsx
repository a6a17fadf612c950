import type { ReactNode } from 'react';

/** A column of a DataTable: its header, its cell, and optionally how the rows on screen sort by it. */
export interface Column<R> {
  header: string;
  /** Read out instead of `header` (a header that is only an icon or empty). */
  srHeader?: boolean;
  cell: (row: R) => ReactNode;
  className?: string;
  /** Sorts the rows on screen (only where every row is loaded). */
  sort?: (a: R, b: R) => number;
}
export type SortBy = { column: number; ascending: boolean };

const HEAD = 'border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400';

/** A DataTable's header row: Select all (where rows can be selected), and the columns, sortable ones as buttons. */
export function TableHead<R>(props: {
  columns: Column<R>[];
  sortBy?: SortBy;
  onSort: (next: SortBy) => void;
  /** Set where rows can be selected. */
  allSelected?: boolean;
  onSelectAll: (on: boolean) => void;
}) {
  const { sortBy } = props;
  return (
    <thead className={`${HEAD} max-sm:sr-only`}>
      <tr>
        {props.allSelected !== undefined && (
          <th scope="col" className="w-8 px-3 py-2">
            <input
              type="checkbox"
              aria-label="Select all rows on this page"
              checked={props.allSelected}
              onChange={(e) => props.onSelectAll(e.target.checked)}
            />
          </th>
        )}
        {props.columns.map((c, i) => (
          <th
            key={c.header}
            scope="col"
            className="px-3 py-2"
            aria-sort={sortBy?.column === i ? (sortBy.ascending ? 'ascending' : 'descending') : undefined}
          >
            {c.sort ? (
              <button
                type="button"
                className="uppercase hover:underline"
                onClick={() => props.onSort({ column: i, ascending: sortBy?.column === i ? !sortBy.ascending : true })}
              >
                {c.header}
              </button>
            ) : c.srHeader ? (
              <span className="sr-only">{c.header}</span>
            ) : (
              c.header
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}
