import { backendOverview } from '@/lib/console/backend';

// Live counts: render on every request, never at build time.
export const dynamic = 'force-dynamic';

function breachText(b: Awaited<ReturnType<typeof backendOverview>>['breach']): string {
  if (b.disabled) {
    return `App disabled: token used from ${b.addresses} addresses. Rotate the app token to re-enable it.`;
  }
  return `Token breach: none (${b.addresses} of ${b.limit} addresses in the last ${b.windowHours} hours)`;
}

export default async function HomePage() {
  const overview = await backendOverview();
  const stats = [
    { label: 'Users', value: overview.users },
    { label: 'Groups', value: overview.groups },
    { label: 'Messages', value: overview.messages },
  ];
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-2xl font-semibold">mesibo-admin</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        The bundled mesibo Backend API is running on this server at <code className="font-mono">/backend</code>.
      </p>
      <section aria-labelledby="default-app" className="mt-8">
        <h2 id="default-app" className="text-lg font-medium">
          Default app
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3">
          {stats.map((s) => (
            <div key={s.label} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
              <dt className="text-sm text-slate-500 dark:text-slate-400">{s.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.value.toLocaleString('en-US')}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm" role="status">
          {breachText(overview.breach)}
        </p>
      </section>
      <section aria-labelledby="try-it" className="mt-8">
        <h2 id="try-it" className="text-lg font-medium">
          Call the Backend API
        </h2>
        <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-100 p-4 font-mono text-sm dark:bg-slate-900">
          {`curl -s http://HOST/backend -H 'Content-Type: application/json' \\
  -d '{"op":"useradd","token":"APP_TOKEN","user":{"address":"alice","token":{"appid":"web"}}}'`}
        </pre>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Manage apps and app tokens with <code className="font-mono">npm run backend -- help</code>.
        </p>
      </section>
    </main>
  );
}
