import type { ComponentProps, ReactNode } from 'react';

/** What a record is, a label beside each fact (one column on a phone): the details of a job, of a delivery. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">{children}</dl>;
}

/** One fact of `Facts`: its label, then the value (the `dd`'s own attributes pass through). */
export function Fact({ label, children, ...dd }: { label: string } & ComponentProps<'dd'>) {
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd {...dd}>{children}</dd>
    </>
  );
}
