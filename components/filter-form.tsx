'use client';

import type { ReactNode } from 'react';
import { Button } from './ui/button';

/**
 * The filter above a list: its fields (uncontrolled, filled from the URL), Filter, and
 * Clear while a filter is set. `onApply` gets every field by name.
 */
export function FilterForm(props: {
  label: string;
  className: string;
  filtered: boolean;
  onApply: (values: Record<string, string>) => void;
  onClear: () => void;
  children: ReactNode;
}) {
  return (
    <form
      aria-label={props.label}
      className={props.className}
      onSubmit={(e) => {
        e.preventDefault();
        const values: Record<string, string> = {};
        for (const [k, v] of new FormData(e.currentTarget)) if (typeof v === 'string') values[k] = v;
        props.onApply(values);
      }}
    >
      {props.children}
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {props.filtered && (
          <Button variant="ghost" onClick={props.onClear}>
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}

/** A choice in a FilterForm that applies at once (the form is sent), where typed fields wait for Filter. */
export const applyNow = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
