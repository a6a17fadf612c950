'use client';

import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import { type AppSection, appHref, sectionOf } from '@/lib/domain/app-paths';

export interface NavLink {
  label: string;
  /** A console-wide page, or (`section`) a page of the app on screen, else of `homeApp`. */
  href?: string;
  section?: AppSection;
  /** A console-wide page that opens filtered to that app (the Audit log: `?app=`). */
  appFilter?: boolean;
}

/** The console's sections: a column in the phone menu, one unwrapped row on wide screens. */
export function NavLinks({ links, homeApp }: { links: NavLink[]; homeApp?: number }) {
  const path = usePathname();
  const onScreen = useParams<{ app?: string }>().app;
  const app = onScreen && /^\d+$/.test(onScreen) ? Number(onScreen) : homeApp;
  // On an app's data pages the app links are current, not "Apps" (whose pages are the list and settings).
  const onAppData = onScreen !== undefined && sectionOf(path) !== '/settings';
  return (
    <ul className="flex flex-col gap-1 lg:flex-row lg:flex-nowrap">
      {links.flatMap((l) => {
        const href =
          l.section !== undefined
            ? app === undefined
              ? undefined
              : appHref(app, l.section)
            : l.appFilter && app !== undefined
              ? `${l.href}?app=${app}`
              : l.href;
        if (!href) return [];
        // An app's overview is only itself; any other link is current on the pages under it too.
        const base = href.split('?')[0];
        const current =
          l.section === ''
            ? path === base
            : path === base || (path.startsWith(`${base}/`) && (l.section !== undefined || !onAppData));
        return (
          <li key={l.label}>
            <Link
              href={href}
              aria-current={current ? 'page' : undefined}
              className="block rounded-md px-2 py-2 lg:px-0.5 xl:px-2 text-sm whitespace-nowrap hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:font-semibold aria-[current=page]:text-indigo-700 lg:py-1 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300"
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
