'use client';

import { useEffect } from 'react';

/**
 * `/` focuses the page's search box (the first `type="search"` field of the page), as in
 * GitHub and Gmail; never while the operator is typing in a field, or with a modifier held.
 */
export function SearchShortcut() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="dialog"]'))
        return;
      const box = document.querySelector<HTMLInputElement>('main input[type="search"]');
      if (!box) return;
      e.preventDefault();
      box.focus();
      box.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
