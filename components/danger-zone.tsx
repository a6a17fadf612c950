import type { ReactNode } from 'react';

/** The section at the foot of a page that holds its destructive action. */
export function DangerZone({
  id,
  title,
  text,
  children,
}: {
  id: string;
  title: string;
  text: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-labelledby={id}
      className="mt-6 rounded-lg border border-red-200 bg-white p-4 dark:border-red-900 dark:bg-slate-900"
    >
      <h2 id={id} className="font-medium">
        {title}
      </h2>
      <p className="mt-1 mb-3 text-sm text-slate-600 dark:text-slate-400">{text}</p>
      {children}
    </section>
  );
}
