import 'server-only';
import { requirePermission } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { type Bin, type Chart, chartOf, type Measure, type RangeKey, rangeBins } from '@/lib/domain/activity';
import { operatorZone } from '@/lib/server/time-zone';
import { webhookStore } from '@/lib/server/webhooks';
import { sourcesFor } from '@/lib/sources';
import type { Activity, ActivityKind } from '@/lib/sources/types';

/** One chart of the Overview: what it shows, its numbers, and what it counts where the backend keeps no series. */
export interface ActivityChart {
  id: 'messages' | 'users' | 'online';
  title: string;
  measure: Measure;
  chart: Chart;
}
export interface ActivityCharts {
  range: RangeKey;
  zone: string;
  bins: Bin[];
  /** `directory`: counted by this console (its backend keeps no series). */
  source: 'backend' | 'directory';
  charts: ActivityChart[];
}

/** An app's activity over `range`, in the operator's time zone, from its source's quarter-hour series. */
export async function getActivity(app: AppAccess, range: RangeKey): Promise<ActivityCharts> {
  await requirePermission('overview.view');
  const zone = await operatorZone();
  const bins = rangeBins(range, Math.floor(Date.now() / 1000), zone);
  const [a, hooks] = await Promise.all([
    (await sourcesFor(app)).counts.activity(bins.ask),
    (await webhookStore()).peek(app.id),
  ]);
  const charts: ActivityChart[] = [
    {
      id: 'messages',
      title: 'Messages sent',
      measure: 'sum',
      chart: chartOf([part(a, 'direct', 'Direct'), part(a, 'group', 'To groups')], bins),
    },
    {
      id: 'users',
      title: 'Users created',
      measure: 'sum',
      // On a directory, an import's users apart from those made here or seen by webhooks.
      chart: chartOf(
        a.source === 'backend'
          ? [part(a, 'users.console', 'Created')]
          : [
              part(a, 'users.console', 'Through the console'),
              part(a, 'users.webhook', 'Seen by webhooks'),
              part(a, 'users.import', 'Imported'),
            ],
        bins,
      ),
    },
  ];
  if (hooks)
    charts.push({
      id: 'online',
      title: 'Users online',
      measure: 'peak',
      chart: chartOf([part(a, 'online', 'Online (highest)')], bins, 'peak'),
    });
  return { range, zone, bins: bins.bins, source: a.source, charts };
}

const part = (a: Activity, kind: ActivityKind, label: string) => ({
  key: kind,
  label,
  data: a.series[kind],
  previous: a.previous[kind],
});
