/** What a page shows an operator whose role (or, `app`, whose app access) does not reach it. */
export function Forbidden({ reason = 'role' }: { reason?: 'role' | 'app' }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-800 dark:bg-amber-950"
    >
      <h1 className="text-lg font-semibold">
        {reason === 'app' ? 'This app is not among yours' : 'Not available to your role'}
      </h1>
      <p className="mt-1 text-sm">
        {reason === 'app'
          ? 'You may use only some apps of this console. Ask an administrator if you need this one.'
          : 'Ask an administrator if you need access to this page.'}
      </p>
    </div>
  );
}
