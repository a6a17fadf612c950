import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, type RunningServer, startServer } from '../helpers/server';
import { remoteApp, signIn } from './helpers';

/**
 * A server killed (SIGKILL) in the middle of an import: its job shows "Waiting after a restart",
 * resumes by itself on the next start, lists every row exactly once, and sends no user twice
 * (rows sent when it died become Unconfirmed, never sent again). SQLite, one server restarted on
 * the same data folder and address; a slow cloud stand-in keeps the job running long enough.
 */
test.setTimeout(180_000);

const ADMIN = { email: 'restart-admin@example.com', password: 'restart-admin-password-01' };
const ROWS = 1500;

test('an import survives its server being killed: waiting, resumed, every row once, nobody sent twice', async ({
  browser,
}) => {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-restart-'));
  const env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
    CONSOLE_SECRET_KEY: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JOB_LEASE_SECONDS: '10',
    IMPORT_CONCURRENCY: '4',
    LOG_LEVEL: 'warn',
  };
  let server: RunningServer = await startServer(env);
  const cloudPort = await freePort();
  const cloud: ChildProcess = spawn(
    process.execPath,
    ['tests/helpers/cloud-backend.mjs', String(cloudPort), `${server.url}/backend`],
    { stdio: 'ignore' },
  );
  const stand = `http://127.0.0.1:${cloudPort}`;
  try {
    await expect
      .poll(() =>
        fetch(`${stand}/__seen`).then(
          (r) => r.ok,
          () => false,
        ),
      )
      .toBe(true);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    const { id, tag } = await remoteApp(page, `${stand}/backend`, 'Development');
    await fetch(`${stand}/__delay`, { method: 'POST', body: JSON.stringify({ ms: 15 }) });

    const csv = ['address,name', ...Array.from({ length: ROWS }, (_, i) => `${tag}-${i}@example.org,R ${i}`)].join(
      '\n',
    );
    await page.goto(`/apps/${id}/users`);
    await page.getByRole('button', { name: 'Import users' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import users' });
    await dialog
      .getByLabel('CSV file')
      .setInputFiles({ name: 'restart.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByLabel('Create on the backend').check();
    await dialog.getByRole('button', { name: 'Start import' }).click();
    await page.waitForURL(/\/jobs\/\d+$/);
    const jobUrl = new URL(page.url()).pathname;
    const progress = page.getByRole('progressbar', { name: 'Progress' });
    await expect
      .poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 30_000 })
      .toBeGreaterThan(100);

    expect(await server.kill('SIGKILL')).toBeNull();
    server = await startServer(env);
    await page.goto(jobUrl);
    await expect(page.getByRole('status').filter({ hasText: 'Waiting after a restart' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible({ timeout: 90_000 });

    // Every row listed exactly once, each with an outcome; the ones in flight at the kill unconfirmed.
    const results = await page.request.get(`/api${jobUrl}/results`);
    const lines = (await results.text()).trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(ROWS);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(ROWS);
    const outcomes = lines.map((l) => l.split(',')[3]);
    const unconfirmed = outcomes.filter((o) => o === 'unconfirmed').length;
    expect(outcomes.filter((o) => o === 'ok').length + unconfirmed).toBe(ROWS);
    expect(unconfirmed).toBeLessThanOrEqual(4);
    // No user was sent twice.
    const calls: string[] = await (await fetch(`${stand}/__calls`)).json();
    const sent = calls.filter((c) => c.startsWith(`useradd ${tag}-`));
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(ROWS - unconfirmed);
    await context.close();
  } finally {
    cloud.kill();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
