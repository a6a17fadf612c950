import Link from 'next/link';
import { appHref } from '@/lib/domain/app-paths';

/**
 * On every page of an app disabled by a token breach: what happened, and (for those who may)
 * the way out, Rotate app token on its settings page.
 */
export function BreachBanner({ app, mayRotate }: { app: { id: number; name: string }; mayRotate: boolean }) {
  return (
    <div
      role="alert"
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p>
        <span className="font-medium">{app.name || `App ${app.id}`} is disabled by a token breach:</span> its app token
        was used from more client addresses than allowed, so its Backend API refuses every request until the token is
        rotated.{!mayRotate && ' Ask an administrator to rotate it.'}
      </p>
      {mayRotate && (
        <Link
          href={`${appHref(app.id, '/settings')}#breach`}
          className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600"
        >
          Rotate app token
        </Link>
      )}
    </div>
  );
}

/** Admins, on every page: the apps a breach has disabled, each with the way to its settings. */
export function BreachNotice({ apps }: { apps: { id: number; name: string }[] }) {
  if (apps.length === 0) return null;
  return (
    <div
      role="note"
      aria-label="Apps disabled by a token breach"
      className="border-b border-red-300 bg-red-50 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="mx-auto max-w-7xl px-4 py-2">
        Disabled by a token breach:{' '}
        {apps.map((a, i) => (
          <span key={a.id}>
            {i > 0 && ', '}
            <Link href={`${appHref(a.id, '/settings')}#breach`} className="font-medium underline">
              {a.name || `App ${a.id}`}
            </Link>
          </span>
        ))}
        . Rotate the app token to enable it again.
      </p>
    </div>
  );
}
