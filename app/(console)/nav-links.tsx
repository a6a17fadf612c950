'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The console's sections: a column in the phone menu, one unwrapped row on wide screens. */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <ul className="flex flex-col gap-1 lg:flex-row lg:flex-nowrap">
      {links.map((l) => {
        const current = l.href === '/' ? path === '/' : path === l.href || path.startsWith(`${l.href}/`);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? 'page' : undefined}
              className="block rounded-md px-2 py-2 text-sm whitespace-nowrap hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:font-semibold aria-[current=page]:text-indigo-700 lg:py-1 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300"
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
