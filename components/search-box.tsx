'use client';

import { useEffect, useState } from 'react';

/** A search box that filters as you type (debounced) and on Enter. */
export function SearchBox(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  const { value, onSearch } = props;
  const [text, setText] = useState(value);
  // The search changed elsewhere (another filter cleared it, Back): show that, and send nothing.
  // Left as typed, the box would send its old text 300 ms later and undo the other filter.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearch(text.trim()), 300);
    // Following a link (a row just typed for) leaves the list: the search not yet sent must not
    // land 300 ms later and take the page back to the list.
    const leaving = (e: PointerEvent) => {
      if (e.target instanceof Element && e.target.closest('a[href]')) clearTimeout(timer);
    };
    document.addEventListener('pointerdown', leaving, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('pointerdown', leaving, true);
    };
  }, [text, value, onSearch]);
  return (
    <search className="min-w-0 flex-1">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSearch(text.trim());
        }}
      >
        <label htmlFor={props.id} className="mb-1 block text-sm font-medium">
          {props.label}
        </label>
        <input
          id={props.id}
          type="search"
          aria-keyshortcuts="/"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={props.placeholder}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        />
      </form>
    </search>
  );
}
