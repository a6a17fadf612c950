import { afterAll, describe, expect, it } from 'vitest';
import { postJson, request } from '../helpers/http';
import { freePort, type RunningServer, startServer } from '../helpers/server';

/** GET /metrics: off by default; behind METRICS_TOKEN; or on METRICS_PORT of 127.0.0.1. */
const TOKEN = 'metricstest0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdef';
const METRICS_TOKEN = 'a-metrics-token-0123456789abcdef';
const started: RunningServer[] = [];
const start = async (env: Record<string, string>) => {
  const s = await startServer({ MESIBO_APP_TOKEN: TOKEN, LOG_LEVEL: 'warn', ...env });
  started.push(s);
  return s;
};
afterAll(async () => {
  for (const s of started) await s.stop();
});
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

describe('GET /metrics', () => {
  it('is not served unless asked for', async () => {
    const s = await start({});
    // (A console page like any other: the sign-in redirect.)
    const r = await request(`${s.url}/metrics`);
    expect(r.status).not.toBe(200);
    expect(r.text).not.toContain('mesibo_');
  });

  it('with METRICS_TOKEN: 401 without it or with another; with it, /backend by op and result, webhooks, apps, connections, the process', async () => {
    const s = await start({ METRICS_TOKEN });
    for (const address of ['m-1', 'm-2'])
      expect((await postJson(`${s.url}/backend`, { op: 'useradd', token: TOKEN, user: { address } })).status).toBe(200);
    await postJson(`${s.url}/backend`, { op: 'useradd', token: 'wrong-token', user: { address: 'm-3' } });
    await postJson(`${s.url}/backend`, { op: 'no-such-op-1', token: TOKEN });
    await postJson(`${s.url}/backend`, { op: 'no-such-op-2', token: TOKEN });
    await request(`${s.url}/webhooks/mesibo/no-such-webhook-id-0123456789`, { method: 'POST', body: '{}' });

    expect((await request(`${s.url}/metrics`)).status).toBe(401);
    const wrong = await request(`${s.url}/metrics`, bearer('not-the-token-0123456789abcdef'));
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('mesibo_');
    const r = await request(`${s.url}/metrics`, bearer(METRICS_TOKEN));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toContain('mesibo_backend_request_duration_seconds_count{op="useradd",result="ok"} 2');
    expect(r.text).toMatch(/mesibo_backend_request_duration_seconds_count\{op="useradd",result="AUTHFAIL"\} 1/);
    // Ops this server does not have are one label, whatever a sender names.
    expect(r.text).toMatch(/mesibo_backend_request_duration_seconds_count\{op="other",result="[A-Z]+"\} 2/);
    expect(r.text).not.toContain('no-such-op');
    expect(r.text).toContain('mesibo_backend_request_duration_seconds_bucket{le="0.005",op="useradd",result="ok"}');
    expect(r.text).toContain('mesibo_webhook_deliveries_total{result="unknown_webhook"} 1');
    expect(r.text).toContain('mesibo_app_breach{app="1"} 0');
    expect(r.text).toContain('mesibo_db_connections{state="open"} 2');
    expect(r.text).toContain('# TYPE mesibo_jobs gauge');
    expect(r.text).toContain('# TYPE mesibo_console_actions_total counter');
    expect(r.text).toMatch(/nodejs_eventloop_lag_seconds \d/);
    expect(r.text).toMatch(/process_resident_memory_bytes \d/);
    expect(r.text).not.toContain(TOKEN);
  });

  it('with METRICS_PORT: served there on 127.0.0.1 only, not on the main port; with a token too, required there', async () => {
    const port = await freePort();
    const s = await start({ METRICS_PORT: String(port) });
    expect((await request(`${s.url}/metrics`)).text).not.toContain('mesibo_');
    const there = await request(`http://127.0.0.1:${port}/metrics`);
    expect(there.status).toBe(200);
    expect(there.text).toContain('# TYPE mesibo_backend_request_duration_seconds histogram');
    await s.stop();
    const both = await start({ METRICS_PORT: String(port), METRICS_TOKEN });
    expect((await request(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    expect((await request(`http://127.0.0.1:${port}/metrics`, bearer(METRICS_TOKEN))).status).toBe(200);
    expect((await request(`${both.url}/metrics`, bearer(METRICS_TOKEN))).text).not.toContain('mesibo_');
  });
});
