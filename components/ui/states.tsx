import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ActionError } from '@/lib/result';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{children}</div>}
    </div>
  );
}

/** A link to what an error names ("Open hugo@example.com"). */
export function ErrorLink({ link }: { link?: ActionError['link'] }) {
  if (!link) return null;
  return (
    <Link href={link.href} className="font-medium underline underline-offset-2">
      {link.label}
    </Link>
  );
}

/** An error next to what caused it: the message, what to do, what it names, a request id to quote. */
export function ErrorNotice({
  error: { message, action, link, requestId },
  children,
}: {
  error: Pick<ActionError, 'message' | 'action' | 'link' | 'requestId'>;
  children?: ReactNode;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-medium">{message}</p>
      {action && <p className="mt-1">{action}</p>}
      {link && (
        <p className="mt-1">
          <ErrorLink link={link} />
        </p>
      )}
      {requestId && <p className="mt-1 text-xs opacity-75">Request id: {requestId}</p>}
      {children}
    </div>
  );
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" aria-hidden />
      {label}
    </span>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <h1 className="min-w-0 text-2xl font-semibold break-words">{title}</h1>
      {children && <div className="flex flex-wrap gap-2">{children}</div>}
    </div>
  );
}
