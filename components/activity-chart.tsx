import { scaleBand, scaleLinear } from 'd3-scale';
import { area, line, stack } from 'd3-shape';
import type { ActivityChart } from '@/lib/dal/activity';
import { type Bin, changeText, type RangeKey } from '@/lib/domain/activity';

/**
 * One chart of the Overview, drawn on the server as SVG (d3-scale for the axes, d3-shape for
 * the stacks and the line): no chart code goes to the browser. The shapes stretch to any width
 * (their strokes keep their thickness) while the labels are HTML, so they stay readable at
 * 360 px. The numbers are also a table: read by screen readers always, shown on demand
 * (Show as table, a checkbox: no script needed).
 */
const PART_COLORS = ['fill-sky-600 dark:fill-sky-400', 'fill-violet-500 dark:fill-violet-400', 'fill-amber-500'];
const SWATCH = ['bg-sky-600 dark:bg-sky-400', 'bg-violet-500 dark:bg-violet-400', 'bg-amber-500'];
const W = 1000;
const H = 100;

export function ActivityChartView({ view, bins, range }: { view: ActivityChart; bins: Bin[]; range: RangeKey }) {
  const { chart } = view;
  const y = scaleLinear()
    .domain([0, Math.max(1, ...chart.values)])
    .nice(3);
  const ticks = y.ticks(3).filter(Number.isInteger);
  const top = y.domain()[1];
  const yOf = scaleLinear().domain([0, top]).range([H, 0]);
  const x = scaleBand<number>()
    .domain(bins.map((_, i) => i))
    .range([0, W])
    .paddingInner(0.2);
  const label = (b: Bin) => binLabel(b, range);
  const every = range === '24h' ? 6 : range === '7d' ? 1 : 7;
  const id = `chart-${view.id}`;
  return (
    <figure
      aria-labelledby={`${id}-title`}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <figcaption className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h3 id={`${id}-title`} className="font-medium">
          {view.title}
        </h3>
        <p className="text-sm">
          <span className="text-lg font-semibold tabular-nums">{chart.total.toLocaleString('en-US')}</span>{' '}
          {view.measure === 'peak' ? 'at most' : 'in all'} ·{' '}
          <span className="text-slate-600 dark:text-slate-400">{changeText(chart, range)}</span>
        </p>
      </figcaption>
      {chart.parts.length > 1 && (
        <ul className="mt-1 flex flex-wrap gap-x-4 text-xs text-slate-600 dark:text-slate-400" aria-hidden>
          {chart.parts.map((p, i) => (
            <li key={p.key} className="flex items-center gap-1">
              <span className={`inline-block size-2.5 rounded-sm ${SWATCH[i]}`} />
              {p.label} {p.total.toLocaleString('en-US')}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex gap-2" aria-hidden>
        <div className="relative h-32 w-8 shrink-0 text-right text-xs text-slate-500 dark:text-slate-400">
          {ticks.map((t) => (
            <span key={t} className="absolute right-0 -translate-y-1/2" style={{ top: `${(1 - t / top) * 100}%` }}>
              {t.toLocaleString('en-US', { notation: 'compact' })}
            </span>
          ))}
        </div>
        <div className="min-w-0 flex-1">
          <svg
            aria-hidden="true"
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            className="block h-32 w-full overflow-visible"
          >
            {ticks.map((t) => (
              <line
                key={t}
                x1={0}
                x2={W}
                y1={yOf(t)}
                y2={yOf(t)}
                vectorEffect="non-scaling-stroke"
                className="stroke-slate-200 dark:stroke-slate-700"
              />
            ))}
            {view.measure === 'peak' ? (
              <Level values={chart.values} x={x} y={yOf} />
            ) : (
              <Stacks view={view} x={x} y={yOf} bins={bins} label={label} />
            )}
          </svg>
          <div className="relative mt-1 h-4 text-xs text-slate-500 dark:text-slate-400">
            {bins.map((b, i) =>
              i % every === (bins.length - 1) % every ? (
                <span
                  key={b.start}
                  className="absolute -translate-x-1/2 whitespace-nowrap"
                  style={{ left: `${((x(i) ?? 0) + x.bandwidth() / 2) / 10}%` }}
                >
                  {shortLabel(b, range)}
                </span>
              ) : null,
            )}
          </div>
        </div>
      </div>
      <ChartTable view={view} bins={bins} label={label} />
    </figure>
  );
}

type Band = ReturnType<typeof scaleBand<number>>;
type Linear = ReturnType<typeof scaleLinear<number, number>>;

function Stacks({
  view,
  x,
  y,
  bins,
  label,
}: {
  view: ActivityChart;
  x: Band;
  y: Linear;
  bins: Bin[];
  label: (b: Bin) => string;
}) {
  const rows = bins.map((_, i) => Object.fromEntries(view.chart.parts.map((p) => [p.key, p.values[i]])));
  const layers = stack<Record<string, number>>().keys(view.chart.parts.map((p) => p.key))(rows);
  return layers.map((layer, li) => (
    <g key={layer.key} className={PART_COLORS[li]}>
      {layer.map(([from, to], i) =>
        to > from ? (
          <rect key={bins[i].start} x={x(i)} width={x.bandwidth()} y={y(to)} height={y(from) - y(to)}>
            <title>{`${label(bins[i])}: ${view.chart.parts[li].label} ${(to - from).toLocaleString('en-US')}`}</title>
          </rect>
        ) : null,
      )}
    </g>
  ));
}

function Level({ values, x, y }: { values: number[]; x: Band; y: Linear }) {
  const at = (i: number) => (x(i) ?? 0) + x.bandwidth() / 2;
  const points = values.map((v, i) => [at(i), v] as const);
  return (
    <>
      <path
        d={
          area<readonly [number, number]>()
            .x((p) => p[0])
            .y0(y(0))
            .y1((p) => y(p[1]))(points) ?? ''
        }
        className="fill-sky-600/15 dark:fill-sky-400/20"
      />
      <path
        d={
          line<readonly [number, number]>()
            .x((p) => p[0])
            .y((p) => y(p[1]))(points) ?? ''
        }
        vectorEffect="non-scaling-stroke"
        className="fill-none stroke-sky-600 stroke-2 dark:stroke-sky-400"
      />
    </>
  );
}

/** The chart's numbers: always read by screen readers, shown when asked. */
function ChartTable({ view, bins, label }: { view: ActivityChart; bins: Bin[]; label: (b: Bin) => string }) {
  const parts = view.chart.parts;
  return (
    <div className="group mt-2 text-sm">
      <label className="inline-flex items-center gap-2 text-slate-600 dark:text-slate-400">
        <input type="checkbox" />
        Show as table
      </label>
      <div className="sr-only group-has-checked:not-sr-only">
        <table className="mt-2 w-full text-left tabular-nums">
          <caption className="sr-only">{`${view.title}, ${view.measure === 'peak' ? 'highest' : 'per period'}`}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Period
              </th>
              {parts.map((p) => (
                <th key={p.key} scope="col" className="py-1 pr-3 font-medium">
                  {p.label}
                </th>
              ))}
              {parts.length > 1 && (
                <th scope="col" className="py-1 font-medium">
                  All
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {bins.map((b, i) => (
              <tr key={b.start} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {label(b)}
                </th>
                {parts.map((p) => (
                  <td key={p.key} className="py-1 pr-3">
                    {p.values[i].toLocaleString('en-US')}
                  </td>
                ))}
                {parts.length > 1 && <td className="py-1">{view.chart.values[i].toLocaleString('en-US')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 8 Dec" for a day, "Tue 8 Dec 15:00" for an hour: the bin's start in the operator's zone. */
function binLabel(b: Bin, range: RangeKey): string {
  const [date, time] = b.local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const day = `${DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]}`;
  return range === '24h' ? `${day} ${time}` : day;
}

/** The axis's label: the hour, or the day of the month. */
function shortLabel(b: Bin, range: RangeKey): string {
  const [date, time] = b.local.split('T');
  if (range === '24h') return time;
  const [, m, d] = date.split('-').map(Number);
  return range === '7d' ? binLabel(b, range).split(' ')[0] : `${d} ${MONTHS[m - 1]}`;
}
