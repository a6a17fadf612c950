import type { ReactNode } from 'react';

/**
 * The scrolling box around a wide table: on a narrow screen the table scrolls sideways,
 * and keyboard users can scroll it too (it takes focus and is a named region). It is the
 * containing block of what it holds, so visually hidden text in a cell cannot widen the page.
 * DataTable names it "<table's label> table", not the table's own name: a panel around the
 * table is often called the same ("Members"), and two regions of one name cannot be told apart.
 */
export function TableScroll({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-indigo-500 ${className}`}
    >
      {children}
    </section>
  );
}
