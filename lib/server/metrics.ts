import 'server-only';
import client from 'prom-client';

/**
 * The process's metrics in Prometheus' text format (`GET /metrics`, served by server.ts only
 * when METRICS_TOKEN or METRICS_PORT is set), kept by prom-client:
 *
 * - `mesibo_backend_request_duration_seconds{op,result}`: /backend requests and their latency
 *   (a histogram; `result` is `ok` or the error code; an op this server does not have is
 *   counted as `op="other"`, so a sender cannot grow the label set);
 * - `mesibo_console_actions_total{action,outcome}`: console server actions;
 * - `mesibo_webhook_deliveries_total{result}`: deliveries to the webhook receiver;
 * - `mesibo_jobs{kind,state}`, `mesibo_app_breach{app}`, `mesibo_db_connections{state}`:
 *   read when scraped (registered by server.ts, which holds the database);
 * - Node's own: event-loop lag, memory, CPU, handles.
 *
 * One set per process, on globalThis: server.ts and Next's bundles each hold a copy of this
 * module, and a server action must count into the registry the server serves.
 */
export interface Metrics {
  registry: client.Registry;
  backend: client.Histogram<'op' | 'result'>;
  actions: client.Counter<'action' | 'outcome'>;
  webhooks: client.Counter<'result'>;
  remoteCalls: client.Histogram<'result'>;
}

const shared = globalThis as typeof globalThis & { __mesiboMetrics?: Metrics };

export function metrics(): Metrics {
  shared.__mesiboMetrics ??= create();
  return shared.__mesiboMetrics;
}

function create(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    backend: new client.Histogram({
      name: 'mesibo_backend_request_duration_seconds',
      help: 'Backend API requests (/backend) by op and result (ok, or the error code), and how long each took.',
      labelNames: ['op', 'result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    actions: new client.Counter({
      name: 'mesibo_console_actions_total',
      help: 'Console server actions by name and outcome (ok, denied, invalid, failed).',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    webhooks: new client.Counter({
      name: 'mesibo_webhook_deliveries_total',
      help: 'Deliveries to the webhook receiver by result (accepted, refused, rate_limited, unknown_webhook, failed).',
      labelNames: ['result'],
      registers: [registry],
    }),
    remoteCalls: new client.Histogram({
      name: 'mesibo_remote_backend_call_duration_seconds',
      help: 'Calls to remote Backend APIs by result (answered, or why not: timeout, unreachable, http_status, bad_response, too_large), and how long each took.',
      labelNames: ['result'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/** A gauge whose values are read when scraped. */
export function gaugeAtScrape<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => Promise<{ labels: Record<L, string>; value: number }[]>,
): void {
  const { registry } = metrics();
  if (registry.getSingleMetric(name)) return;
  new client.Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { labels, value } of await read()) this.set(labels as Partial<Record<L, string>>, value);
    },
  });
}

/** What the webhook receiver answered, as a result label. */
export function webhookResult(status: number): string {
  if (status === 200) return 'accepted';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'unknown_webhook';
  if (status >= 500) return 'failed';
  return 'refused';
}
