'use client';

import type { PageNumber } from '@/lib/domain/paging';
import { Button } from './ui/button';

/**
 * Paging by number (a group's members): Previous page, the first page, the pages around this
 * one, the last (where its number is known), Next page and **Last page**, which reaches the end
 * in one action (where the number is not known yet, the server reads on to it). Hidden when
 * everything fits on one page.
 */
export function PageNumbers(props: {
  page: number;
  /** How many pages, where known. */
  pages?: number;
  /** A page comes after this one. */
  more: boolean;
  busy?: boolean;
  onPage: (page: PageNumber) => void;
  /** The nav's id: a skip link above a long list leads keyboard users here (`SkipToPages`). */
  id?: string;
}) {
  const { page, pages, more, onPage } = props;
  if (page === 1 && !more) return null;
  const top = pages ?? (more ? page + 1 : page);
  const shown = [...new Set([1, page - 1, page, page + 1, top])]
    .filter((p) => p >= 1 && p <= top)
    .sort((a, b) => a - b);
  const isLast = !more;
  return (
    <nav
      id={props.id}
      tabIndex={props.id ? -1 : undefined}
      aria-label="Pages"
      aria-busy={props.busy}
      className="flex flex-wrap items-center gap-1 focus:outline-none"
    >
      <Button variant="secondary" disabled={page === 1} onClick={() => onPage(page - 1)}>
        Previous page
      </Button>
      {shown.map((p, i) => (
        <span key={p} className="contents">
          {i > 0 && p - shown[i - 1] > 1 && (
            <span aria-hidden className="px-1 text-slate-500">
              …
            </span>
          )}
          <Button
            variant={p === page ? 'primary' : 'ghost'}
            aria-current={p === page ? 'page' : undefined}
            aria-label={`Page ${p.toLocaleString('en')}${pages === undefined && p === top && more ? ' (more after it)' : ''}`}
            onClick={() => p !== page && onPage(p)}
            className="tabular-nums"
          >
            {p.toLocaleString('en')}
          </Button>
        </span>
      ))}
      <Button variant="secondary" disabled={isLast} onClick={() => onPage(page + 1)}>
        Next page
      </Button>
      <Button variant="secondary" disabled={isLast} onClick={() => onPage('last')}>
        Last page
      </Button>
    </nav>
  );
}

/**
 * Above a long list, for keyboard users: a link, shown when focused, to its page numbers below
 * (a page of 100 members holds some 400 controls before them).
 */
export function SkipToPages({ to }: { to: string }) {
  return (
    <a
      href={`#${to}`}
      className="sr-only rounded-md bg-indigo-600 px-3 py-2 text-sm text-white focus:not-sr-only focus:inline-block"
    >
      Skip to page numbers
    </a>
  );
}
