'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <ul className="flex flex-wrap gap-1">
      {links.map((l) => {
        const current = l.href === '/' ? path === '/' : path === l.href || path.startsWith(`${l.href}/`);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? 'page' : undefined}
              className="rounded-md px-2 py-1 text-sm hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:font-semibold aria-[current=page]:text-indigo-700 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300"
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
