'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';

/**
 * A link in a table row. Next prefetches every link as it scrolls into view: a page of 25
 * rows meant 25 page-data requests at every search pause. This one prefetches only when
 * the operator shows intent (hover, focus, touch).
 */
export function RowLink({ href, children }: { href: string; children: ReactNode }) {
  const router = useRouter();
  const intent = () => router.prefetch(href);
  return (
    <Link
      href={href}
      prefetch={false}
      onMouseEnter={intent}
      onFocus={intent}
      onTouchStart={intent}
      // Underlined, not only coloured: a link beside other text in its cell (a badge, "(default)")
      // must be told apart without colour (WCAG 1.4.1).
      className="record-link"
    >
      {children}
    </Link>
  );
}
