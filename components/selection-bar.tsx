'use client';

import { type ReactNode, useState } from 'react';
import { Button } from './ui/button';

/**
 * Above a list whose rows are ticked for a bulk action: how many are chosen, **Select all
 * matching this search** once the whole page is (the action then takes everything the search
 * matches when it starts), **Clear selection**, and the actions. Announced as it changes.
 */
export function SelectionBar(props: {
  /** Rows ticked (when not all that match). */
  selected: number;
  /** Everything the search matches is chosen: its words ("All 1,204 users matching “acme”"). */
  all?: string;
  /** The whole page is ticked and the search matches more: offer them all. */
  offerAll?: boolean;
  /** The offer's words ("Select all 10,000 members"); by default, Select all matching this search. */
  allLabel?: string;
  onSelectAll: () => void;
  onClear: () => void;
  /** The actions (buttons), shown while something is chosen. */
  children: ReactNode;
}) {
  const chosen = props.all !== undefined || props.selected > 0;
  return (
    <section
      aria-label="Selection"
      // Nothing chosen: only its (empty) live region, which must be there before it speaks.
      className={
        chosen
          ? 'flex flex-wrap items-center gap-2 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm dark:border-indigo-900 dark:bg-indigo-950'
          : 'text-sm'
      }
    >
      <p aria-live="polite" className="mr-2 font-medium">
        {props.all ?? (props.selected > 0 ? `${props.selected.toLocaleString('en')} selected` : '')}
      </p>
      {chosen && (
        <>
          {props.offerAll && props.all === undefined && (
            <Button variant="ghost" onClick={props.onSelectAll}>
              {props.allLabel ?? 'Select all matching this search'}
            </Button>
          )}
          {props.children}
          <Button variant="ghost" onClick={props.onClear}>
            Clear selection
          </Button>
        </>
      )}
    </section>
  );
}

/**
 * The selection of a list for its bulk actions: the ticked keys (kept across pages), or all the
 * search matches; what DataTable's `selection` takes; and whether to offer them all (the page is
 * ticked and the list holds more).
 */
export function useSelection<R>(rows: readonly R[], key: (row: R) => string, more: boolean) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [all, setAll] = useState(false);
  return {
    selected,
    all,
    offerAll: more && rows.length > 0 && rows.every((r) => selected.has(key(r))),
    selectAll: () => setAll(true),
    clear: () => {
      setSelected(new Set());
      setAll(false);
    },
    table: {
      selected: all ? new Set(rows.map(key)) : selected,
      onChange: (next: Set<string>) => {
        setAll(false);
        setSelected(next);
      },
    },
  };
}
