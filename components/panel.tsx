import type { ReactNode } from 'react';

/** A titled box of a detail page (Profile, Tokens, Settings, Members). */
export function Panel({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="font-medium">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
