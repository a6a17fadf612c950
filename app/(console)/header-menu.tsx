'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

/**
 * The header's links and account controls. Wide screens show them in one row; below `lg`
 * they sit behind a "Menu" button and open as a panel under the header, so the header keeps
 * one row (and one height) on a phone. The controls are rendered once either way: links and
 * buttons keep their names, and nothing is announced twice. The panel closes on navigation,
 * on Escape (focus back on "Menu") and on a click outside the header.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const path = usePathname();
  // A link in the panel was followed: the new page starts with the panel closed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation by design
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const header = button.current?.closest('header');
    const onKey = (e: KeyboardEvent) => {
      // A dialog opened from the panel (Change password) handles its own Escape.
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (header && !header.contains(e.target as Node) && !document.querySelector('dialog[open]')) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="ml-auto inline-flex min-h-9 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 lg:hidden dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor">
          <path d={open ? 'M4 4l8 8M12 4l-8 8' : 'M2 4h12M2 8h12M2 12h12'} strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        Menu
      </button>
      <div
        id={panelId}
        className={`${open ? 'flex' : 'hidden'} absolute inset-x-0 top-full z-40 max-h-[calc(100dvh-3.5rem)] flex-col gap-4 overflow-y-auto border-b border-slate-200 bg-white p-4 shadow-lg lg:static lg:flex lg:max-h-none lg:min-w-0 lg:flex-1 lg:flex-row lg:items-center lg:gap-2 xl:gap-6 lg:overflow-visible lg:border-0 lg:bg-transparent lg:p-0 lg:shadow-none dark:border-slate-800 dark:bg-slate-900 lg:dark:bg-transparent`}
      >
        {children}
      </div>
    </>
  );
}
