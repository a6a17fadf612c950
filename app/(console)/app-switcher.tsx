'use client';

import Link from 'next/link';
import { useParams, usePathname, useSearchParams } from 'next/navigation';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { appHref, sectionOf } from '@/lib/domain/app-paths';
import { ENVIRONMENT_LABELS, type Environment } from '@/lib/domain/apps';

export interface SwitcherApp {
  id: number;
  name: string;
  environment: Environment;
}

const itemsOf = (menu: HTMLElement | null) => [...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

/** The lists whose search goes along to the other app (a user's page goes to the other app's users, without it). */
const LISTS = /^\/apps\/[^/]+\/(users|groups|messages)$/;

/**
 * "App": a menu button (WAI-ARIA's pattern) listing the apps this operator may use. Arrow keys
 * only move between the apps; a click or Enter follows one, so no key press lands in Production
 * by accident. An app keeps the kind of page (and a list's search); from a console-wide page
 * it opens the app's overview. On console-wide pages it shows the app the operator came from
 * (`remembered`). Each app names its environment.
 */
export function AppSwitcher({ apps, remembered }: { apps: SwitcherApp[]; remembered?: number }) {
  const menuId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const path = usePathname();
  const query = useSearchParams();
  const onScreen = useParams<{ app?: string }>().app;
  const current = apps.find((a) => String(a.id) === onScreen) ?? apps.find((a) => a.id === remembered);
  const search = LISTS.test(path) && query.size ? `?${query}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on navigation by design
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const list = itemsOf(menu.current);
    (list.find((el) => el.getAttribute('aria-current') === 'true') ?? list[0])?.focus();
    const outside = (e: PointerEvent) => {
      if (!button.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);
  const move = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = itemsOf(menu.current);
    const at = list.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      if (e.key === 'Escape') e.preventDefault();
      setOpen(false);
      button.current?.focus();
    }
  };
  const label = (a: SwitcherApp) => `${a.name || `App ${a.id}`} · ${ENVIRONMENT_LABELS[a.environment]}`;
  // The one-row header's give: the app's name is truncated (whole in the menu, and read out)
  // rather than the row overflowing at 1280 px.
  return (
    <div className="relative text-sm lg:min-w-0">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
          }
        }}
        className="inline-flex min-h-9 w-full max-w-[min(16rem,100%)] items-center gap-2 rounded-md border border-slate-300 bg-white px-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500 lg:w-auto dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <span className="font-medium">App</span>
        <span className="min-w-0 truncate text-slate-600 lg:max-xl:sr-only dark:text-slate-300">
          {current ? label(current) : 'Choose an app'}
        </span>
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 shrink-0" fill="none" stroke="currentColor">
          <path d="M4 6l4 4 4-4" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </button>
      <div
        id={menuId}
        ref={menu}
        role="menu"
        aria-label="Apps"
        hidden={!open}
        onKeyDown={move}
        className="absolute top-full left-0 z-50 mt-1 max-h-80 w-max max-w-[20rem] min-w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {apps.map((a) => (
          <Link
            key={a.id}
            role="menuitem"
            tabIndex={-1}
            href={`${appHref(a.id, sectionOf(path))}${search}`}
            aria-current={a.id === current?.id ? 'true' : undefined}
            onClick={() => setOpen(false)}
            className="block px-3 py-2 hover:bg-slate-100 focus:bg-indigo-50 focus:outline-none aria-[current=true]:font-semibold dark:hover:bg-slate-800 dark:focus:bg-indigo-950"
          >
            {label(a)}
          </Link>
        ))}
      </div>
    </div>
  );
}
