import Link from 'next/link';
import type { ActivityCharts } from '@/lib/dal/activity';
import type { Loaded } from '@/lib/dal/page-data';
import { RANGE_KEYS, RANGES, type RangeKey } from '@/lib/domain/activity';
import { ActivityChartView } from './activity-chart';
import { ErrorNotice } from './ui/states';

/** The Overview's Activity: Range (links: the server draws each range), the charts, and where their numbers come from. */
export function ActivitySection({
  loaded,
  range,
  href,
}: {
  loaded: Loaded<ActivityCharts>;
  range: RangeKey;
  href: string;
}) {
  return (
    <section aria-labelledby="activity" className="mt-6">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="activity" className="font-medium">
          Activity
        </h2>
        <nav aria-label="Range" className="flex rounded-md border border-slate-300 text-sm dark:border-slate-700">
          {RANGE_KEYS.map((key) => (
            <Link
              key={key}
              href={`${href}?range=${key}`}
              aria-current={key === range ? 'page' : undefined}
              scroll={false}
              className="min-h-9 px-3 py-1.5 first:rounded-l-md last:rounded-r-md hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-[current=page]:bg-indigo-600 aria-[current=page]:text-white dark:hover:bg-slate-800"
            >
              <span className="max-sm:sr-only">Last </span>
              {RANGES[key].label}
            </Link>
          ))}
        </nav>
      </div>
      {loaded.error ? (
        <div className="mt-3">
          <ErrorNotice error={loaded.error} />
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {RANGES[range].unit === 'hour' ? 'By the hour' : 'By the day'}, in your time zone ({loaded.data.zone}).
            {loaded.data.source === 'directory' &&
              " Counted by this console: mesibo's cloud keeps no series, so these are the messages sent from this console and the users it learned of."}
          </p>
          <div className="mt-3 grid grid-cols-1 gap-3 lg:grid-cols-2">
            {loaded.data.charts.map((c) => (
              <ActivityChartView key={c.id} view={c} bins={loaded.data.bins} range={range} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
