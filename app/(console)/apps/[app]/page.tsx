import type { Metadata } from 'next';
import Link from 'next/link';
import { ActivitySection } from '@/components/activity-section';
import { Forbidden } from '@/components/forbidden';
import { NeedsAttention } from '@/components/needs-attention';
import { PageFailure } from '@/components/page-failure';
import { Time } from '@/components/time';
import { PageHeader } from '@/components/ui/states';
import { getActivity } from '@/lib/dal/activity';
import { getAttention } from '@/lib/dal/attention';
import { getOverview, type Overview } from '@/lib/dal/overview';
import { appPage, pageData } from '@/lib/dal/page-data';
import { isRange } from '@/lib/domain/activity';
import { appHref } from '@/lib/domain/app-paths';

export const metadata: Metadata = { title: 'Overview' };

function breachText(b: NonNullable<Overview['breach']>): string {
  if (b.disabled)
    return `App disabled: token used from ${b.addresses} addresses. Rotate the app token to re-enable it.`;
  return `Token breach: none (${b.addresses} of ${b.limit} addresses in the last ${b.windowHours} hours)`;
}

type Props = { params: Promise<{ app: string }>; searchParams: Promise<{ range?: string | string[] }> };

/** The app's webhooks: on or off, the last delivery, who is online now; silence said plainly. */
function WebhooksSummary({ app, hooks }: { app: number; hooks: NonNullable<Overview['webhooks']> }) {
  return (
    <section
      aria-labelledby="webhooks"
      className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="webhooks" className="font-medium">
        <Link href={appHref(app, '/webhooks')} className="underline underline-offset-2">
          Webhooks
        </Link>
      </h2>
      <p className="mt-1 text-sm">
        {hooks.enabled ? 'On' : 'Off'} · last delivery{' '}
        {hooks.lastDeliveryTs ? <Time ts={Math.floor(hooks.lastDeliveryTs / 1000)} /> : 'none yet'} ·{' '}
        {hooks.online.toLocaleString('en-US')} online now
      </p>
      {hooks.silent && (
        <p
          role="note"
          className="mt-2 rounded-md bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Nothing has arrived for {hooks.silenceHours} hours or more while the receiver is on: check the webhook in
          mesibo's console (its URL, events and secret), or use Send test delivery on the Webhooks page.
        </p>
      )}
    </section>
  );
}

export default async function OverviewPage({ params, searchParams }: Props) {
  const segment = (await params).app;
  const path = `/apps/${segment}`;
  const { app, refused } = await appPage(segment, 'overview.view', path);
  if (refused) return <Forbidden reason={refused} />;
  const asked = (await searchParams).range;
  const range = isRange(asked) ? asked : '7d';
  // The charts fail on their own (a backend that times out on its series), beside the counts.
  const [{ data: overview, error }, activity] = await Promise.all([
    pageData(
      path,
      async () => {
        const o = await getOverview(app);
        return { ...o, attention: await getAttention(app, o) };
      },
      app.id,
    ),
    pageData(`${path}?range=${range}`, () => getActivity(app, range), app.id),
  ]);
  if (error) return <PageFailure title="Overview" error={error} />;
  const stats = [
    { label: 'Users', value: overview.users },
    { label: 'Groups', value: overview.groups },
    { label: 'Messages', value: overview.messages },
  ];
  const counted = overview.source === 'directory';
  return (
    <>
      <PageHeader title="Overview" />
      <NeedsAttention items={overview.attention} />
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {stats.map((s) => (
          <div
            key={s.label}
            className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          >
            <dt className="text-sm text-slate-500 dark:text-slate-400">{s.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">
              {s.value === undefined ? 'Not counted' : s.value.toLocaleString('en-US')}
            </dd>
          </div>
        ))}
      </dl>
      {counted && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="counts-source">
          Counted by this console: its backend has no statistics, so these are the users and groups known to this
          console and the messages sent from it.
        </p>
      )}
      <ActivitySection loaded={activity} range={range} href={appHref(app.id, '')} />
      <section
        aria-labelledby="backend"
        className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 id="backend" className="font-medium">
          Backend
        </h2>
        <p className="mt-1 text-sm">
          {overview.backend.kind === 'bundled'
            ? 'Bundled Backend API (this server, /backend)'
            : `Remote Backend API at ${overview.backend.url}`}
        </p>
        <p className="mt-1 text-sm" data-testid="breach-state">
          {overview.breach ? breachText(overview.breach) : 'Token breach: this backend does not report it.'}
        </p>
      </section>
      {overview.webhooks && <WebhooksSummary app={app.id} hooks={overview.webhooks} />}
    </>
  );
}
