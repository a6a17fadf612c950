'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { Button } from './ui/button';

/**
 * Search and keyset paging that live in the URL (`q`, `cursor`, and `trail`: the cursors
 * of the pages before), so a reload or a shared link shows the same page.
 */
export function useListUrl(state: { q: string; cursor?: string; trail: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const go = useCallback(
    (next: { q: string; cursor?: string; trail?: string[] }) => {
      const params = new URLSearchParams();
      if (next.q) params.set('q', next.q);
      if (next.cursor) params.set('cursor', next.cursor);
      if (next.trail?.length) params.set('trail', next.trail.join(','));
      router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return {
    search: (q: string) => go({ q }),
    next: (cursor: string) => go({ q: state.q, cursor, trail: [...state.trail, state.cursor ?? '0'] }),
    previous: () => {
      const prev = state.trail[state.trail.length - 1];
      go({ q: state.q, cursor: prev === '0' ? undefined : prev, trail: state.trail.slice(0, -1) });
    },
  };
}

/** A search box that filters as you type (debounced) and on Enter. */
export function SearchBox({
  id,
  label,
  placeholder,
  value,
  onSearch,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onSearch]);
  return (
    <search className="min-w-0 flex-1">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text.trim());
        }}
      >
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          {label}
        </label>
        <input
          id={id}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={placeholder}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
      </form>
    </search>
  );
}

export function Pager({
  hasPrevious,
  next,
  onPrevious,
  onNext,
}: {
  hasPrevious: boolean;
  next?: string;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}) {
  return (
    <div className="flex items-center justify-between gap-2">
      <Button variant="secondary" disabled={!hasPrevious} onClick={onPrevious}>
        Previous page
      </Button>
      <Button variant="secondary" disabled={!next} onClick={() => next && onNext(next)}>
        Next page
      </Button>
    </div>
  );
}
