import Link from 'next/link';

/** A whole-page error of the console (404, 400): what happened, in a card, and the way back. */
export function ErrorCard({ code, title, children }: { code: number; title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm font-medium text-slate-600 dark:text-slate-400">Error {code}</p>
        <h1 className="mt-1 text-xl font-semibold">{title}</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{children}</p>
        <Link
          href="/"
          className="mt-4 inline-flex min-h-9 items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
        >
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
